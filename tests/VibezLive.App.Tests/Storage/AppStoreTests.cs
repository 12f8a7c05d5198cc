using VibezLive.App.Storage;

namespace VibezLive.App.Tests.Storage;

/// <summary>The same tests on SQLite and on PostgreSQL (the latter when VIBEZ_TEST_POSTGRES is set).</summary>
public sealed class AppStoreTests
{
    private static readonly DateTime T0 = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Theory, InlineData(StoreKind.Sqlite), PostgresData]
    public async Task Initialize_is_idempotent_and_clears_stale_active_users(StoreKind kind)
    {
        await using var t = await TestStore.CreateAsync(kind);
        await t.Store.SetActiveUserAsync(Active("peer-a", "room-1", T0));
        await t.Store.SetActiveUserAsync(Active("peer-b", "room-2", T0.AddSeconds(1)));
        Assert.Equal(2, (await t.Store.ListActiveUsersAsync()).Count);

        await t.Store.InitializeAsync(); // a restart

        Assert.Empty(await t.Store.ListActiveUsersAsync());
        Assert.True(await t.Store.IsHealthyAsync());
    }

    [Theory, InlineData(StoreKind.Sqlite), PostgresData]
    public async Task Users_are_found_by_id_username_case_insensitively_and_email(StoreKind kind)
    {
        await using var t = await TestStore.CreateAsync(kind);
        var alice = User("u1", "Alice", "alice@example.com");
        Assert.True(await t.Store.TryAddUserAsync(alice));

        Assert.Equal("Alice", (await t.Store.FindUserByIdAsync("u1"))?.Username);
        Assert.Equal("u1", (await t.Store.FindUserByLoginAsync("ALICE"))?.Id);
        Assert.Equal("u1", (await t.Store.FindUserByLoginAsync(" alice "))?.Id);
        Assert.Equal("u1", (await t.Store.FindUserByLoginAsync("Alice@Example.com"))?.Id);
        Assert.Null(await t.Store.FindUserByLoginAsync("bob"));
        Assert.Null(await t.Store.FindUserByIdAsync("nope"));
        var found = await t.Store.FindUserByIdAsync("u1");
        Assert.Equal(alice.PasswordHash, found?.PasswordHash);
        Assert.Equal(T0, found!.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, found.CreatedAt.Kind);
    }

    [Theory, InlineData(StoreKind.Sqlite), PostgresData]
    public async Task A_taken_username_is_refused_whatever_its_case(StoreKind kind)
    {
        await using var t = await TestStore.CreateAsync(kind);
        Assert.True(await t.Store.TryAddUserAsync(User("u1", "Alice", null)));
        Assert.False(await t.Store.TryAddUserAsync(User("u2", "aLiCe", null)));
        Assert.False(await t.Store.TryAddUserAsync(User("u1", "Other", null)));
        Assert.True(await t.Store.TryAddUserAsync(User("u3", "Bob", null)));
    }

    [Theory, InlineData(StoreKind.Sqlite), PostgresData]
    public async Task Stored_rooms_round_trip_and_delete(StoreKind kind)
    {
        await using var t = await TestStore.CreateAsync(kind);
        Assert.True(await t.Store.TryAddRoomAsync(new StoredRoomRecord { Id = "standup", Name = "Daily standup", OwnerId = "u1", MaxPeers = 8, CreatedAt = T0 }));
        Assert.True(await t.Store.TryAddRoomAsync(new StoredRoomRecord { Id = "secret", Name = "Secret", OwnerId = "u2", PasswordHash = "$2b$04$x", CreatedAt = T0.AddMinutes(1) }));
        Assert.False(await t.Store.TryAddRoomAsync(new StoredRoomRecord { Id = "standup", Name = "again", OwnerId = "u2", CreatedAt = T0 }));

        var room = await t.Store.FindRoomAsync("standup");
        Assert.NotNull(room);
        Assert.Equal(("Daily standup", "u1", 8, (string?)null), (room.Name, room.OwnerId, room.MaxPeers, room.PasswordHash));
        Assert.Equal(["standup", "secret"], (await t.Store.ListRoomsAsync()).Select(r => r.Id));

        Assert.True(await t.Store.DeleteRoomAsync("standup"));
        Assert.False(await t.Store.DeleteRoomAsync("standup"));
        Assert.Null(await t.Store.FindRoomAsync("standup"));
        Assert.Equal(["secret"], (await t.Store.ListRoomsAsync()).Select(r => r.Id));
    }

    [Theory, InlineData(StoreKind.Sqlite), PostgresData]
    public async Task Active_users_track_who_is_in_which_room(StoreKind kind)
    {
        await using var t = await TestStore.CreateAsync(kind);
        await t.Store.SetActiveUserAsync(Active("p1", "room-1", T0));
        await t.Store.SetActiveUserAsync(Active("p2", "room-1", T0.AddSeconds(1)));
        await t.Store.SetActiveUserAsync(Active("p3", "room-2", T0.AddSeconds(2)));
        await t.Store.SetActiveUserAsync(Active("p3", "room-3", T0.AddSeconds(3))); // same peer again: replaced

        Assert.Equal(["p1", "p2"], (await t.Store.ListActiveUsersAsync("room-1")).Select(a => a.PeerId));
        Assert.Empty(await t.Store.ListActiveUsersAsync("room-2"));
        Assert.Equal(["p3"], (await t.Store.ListActiveUsersAsync("room-3")).Select(a => a.PeerId));

        await t.Store.RemoveActiveUserAsync("p1");
        await t.Store.RemoveActiveUserAsync("unknown");
        Assert.Equal(["p2", "p3"], (await t.Store.ListActiveUsersAsync()).Select(a => a.PeerId));

        Assert.Equal(2, await t.Store.ClearActiveUsersAsync());
        Assert.Empty(await t.Store.ListActiveUsersAsync());
    }

    private static UserRecord User(string id, string name, string? email) => new()
    {
        Id = id,
        Username = name,
        NormalizedUsername = name.ToLowerInvariant(),
        DisplayName = name,
        Email = email,
        PasswordHash = "$2b$04$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0",
        CreatedAt = T0,
    };

    private static ActiveUserRecord Active(string peerId, string roomId, DateTime at) =>
        new() { PeerId = peerId, RoomId = roomId, DisplayName = peerId, JoinedAt = at };
}
