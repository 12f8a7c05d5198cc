using Microsoft.EntityFrameworkCore;

namespace VibezLive.App.Storage;

/// <summary><see cref="IAppStore"/> over EF Core (SQLite or PostgreSQL, chosen by the context factory's options).</summary>
public sealed class EfAppStore(IDbContextFactory<AppDbContext> contextFactory) : IAppStore
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.EnsureCreatedAsync(cancellationToken);
        await db.ActiveUsers.ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Database.CanConnectAsync(cancellationToken);
    }

    public async Task<UserRecord?> FindUserByIdAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
    }

    public async Task<UserRecord?> FindUserByLoginAsync(string usernameOrEmail, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(usernameOrEmail);
        var normalized = usernameOrEmail.Trim().ToLowerInvariant();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedUsername == normalized, cancellationToken);
        if (user is null && normalized.Contains('@', StringComparison.Ordinal))
        {
            user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == normalized, cancellationToken);
        }

        return user;
    }

    public async Task<bool> TryAddUserAsync(UserRecord user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Users.AnyAsync(u => u.NormalizedUsername == user.NormalizedUsername || u.Id == user.Id, cancellationToken))
        {
            return false;
        }

        db.Users.Add(user);
        return await TrySaveAsync(db, cancellationToken);
    }

    public async Task<StoredRoomRecord?> FindRoomAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Rooms.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredRoomRecord>> ListRoomsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Rooms.AsNoTracking().OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(cancellationToken);
    }

    public async Task<bool> TryAddRoomAsync(StoredRoomRecord room, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Rooms.AnyAsync(r => r.Id == room.Id, cancellationToken))
        {
            return false;
        }

        db.Rooms.Add(room);
        return await TrySaveAsync(db, cancellationToken);
    }

    public async Task<bool> DeleteRoomAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Rooms.Where(r => r.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task SetActiveUserAsync(ActiveUserRecord activeUser, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activeUser);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.ActiveUsers.Where(a => a.PeerId == activeUser.PeerId).ExecuteDeleteAsync(cancellationToken);
        db.ActiveUsers.Add(activeUser);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RemoveActiveUserAsync(string peerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.ActiveUsers.Where(a => a.PeerId == peerId).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ActiveUserRecord>> ListActiveUsersAsync(string? roomId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var query = db.ActiveUsers.AsNoTracking();
        if (roomId is not null)
        {
            query = query.Where(a => a.RoomId == roomId);
        }

        return await query.OrderBy(a => a.JoinedAt).ThenBy(a => a.PeerId).ToListAsync(cancellationToken);
    }

    public async Task<int> ClearActiveUsersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.ActiveUsers.ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>A unique-key race between the existence check and the insert surfaces as DbUpdateException.</summary>
    private static async Task<bool> TrySaveAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }
}
