using Microsoft.EntityFrameworkCore;

namespace VibezLive.App.Storage;

/// <summary>EF Core model shared by SQLite and PostgreSQL (created with EnsureCreated: the schema is small and
/// portable, so no provider-specific migrations are kept).</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<UserRecord> Users => Set<UserRecord>();

    public DbSet<StoredRoomRecord> Rooms => Set<StoredRoomRecord>();

    public DbSet<ActiveUserRecord> ActiveUsers => Set<ActiveUserRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        // Times are stored as UTC; SQLite hands them back unspecified, so mark them UTC on the way out.
        var utc = new Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
            v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        modelBuilder.Entity<UserRecord>().Property(u => u.CreatedAt).HasConversion(utc);
        modelBuilder.Entity<StoredRoomRecord>().Property(r => r.CreatedAt).HasConversion(utc);
        modelBuilder.Entity<ActiveUserRecord>().Property(a => a.JoinedAt).HasConversion(utc);
        modelBuilder.Entity<UserRecord>(e =>
        {
            e.ToTable("users");
            e.HasKey(u => u.Id);
            e.Property(u => u.Id).HasMaxLength(64);
            e.Property(u => u.Username).HasMaxLength(64);
            e.Property(u => u.NormalizedUsername).HasMaxLength(64);
            e.HasIndex(u => u.NormalizedUsername).IsUnique();
            e.Property(u => u.DisplayName).HasMaxLength(128);
            e.Property(u => u.Email).HasMaxLength(256);
            e.HasIndex(u => u.Email);
            e.Property(u => u.PasswordHash).HasMaxLength(100);
        });
        modelBuilder.Entity<StoredRoomRecord>(e =>
        {
            e.ToTable("rooms");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).HasMaxLength(64);
            e.Property(r => r.Name).HasMaxLength(128);
            e.Property(r => r.OwnerId).HasMaxLength(64);
            e.HasIndex(r => r.OwnerId);
            e.Property(r => r.PasswordHash).HasMaxLength(100);
        });
        modelBuilder.Entity<ActiveUserRecord>(e =>
        {
            e.ToTable("active_users");
            e.HasKey(a => a.PeerId);
            e.Property(a => a.PeerId).HasMaxLength(64);
            e.Property(a => a.RoomId).HasMaxLength(64);
            e.HasIndex(a => a.RoomId);
            e.Property(a => a.UserId).HasMaxLength(64);
            e.Property(a => a.DisplayName).HasMaxLength(128);
        });
    }
}
