using Microsoft.Extensions.Time.Testing;
using VibezLive.App.Auth;
using VibezLive.App.Options;
using VibezLive.App.Storage;

namespace VibezLive.App.Tests.Auth;

public sealed class TokenServiceTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef-test-secret";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private static readonly UserRecord Alice = new()
    {
        Id = "user-1", Username = "alice", NormalizedUsername = "alice", DisplayName = "Alice A.", PasswordHash = "x",
    };

    [Fact]
    public async Task An_issued_token_validates_to_its_user()
    {
        var tokens = Create(Secret);
        var user = await tokens.ValidateAsync(tokens.Issue(Alice));
        Assert.Equal(new AuthenticatedUser("user-1", "alice", "Alice A."), user);
    }

    [Fact]
    public async Task A_token_signed_with_another_secret_is_refused()
    {
        var token = Create("another-secret-another-secret-another-secret").Issue(Alice);
        Assert.Null(await Create(Secret).ValidateAsync(token));
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var tokens = Create(Secret, TimeSpan.FromHours(1));
        var token = tokens.Issue(Alice);
        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull(await tokens.ValidateAsync(token));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await tokens.ValidateAsync(token));
    }

    [Fact]
    public async Task A_tampered_token_is_refused()
    {
        var tokens = Create(Secret);
        var parts = tokens.Issue(Alice).Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace("user-1", "user-2", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        Assert.Null(await tokens.ValidateAsync(forged));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c2VyLTEifQ.")] // alg=none
    public async Task Garbage_is_refused_without_throwing(string token) =>
        Assert.Null(await Create(Secret).ValidateAsync(token));

    private TokenService Create(string secret, TimeSpan? lifetime = null) => new(
        Microsoft.Extensions.Options.Options.Create(new AuthOptions { JwtSecret = secret, TokenLifetime = lifetime ?? TimeSpan.FromDays(7) }),
        _time);
}
