using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using VibezLive.App.Auth;
using VibezLive.App.Options;
using VibezLive.App.Signaling;
using VibezLive.App.Storage;

namespace VibezLive.App.Http;

/// <summary><c>POST /api/auth/register</c>, <c>POST /api/auth/login</c>, <c>GET /api/auth/me</c>.</summary>
public static class AuthEndpoints
{
    public const int MinPasswordLength = 6;
    public const int MaxPasswordLength = 72; // bcrypt uses the first 72 bytes only

    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/auth");
        group.MapPost("/register", RegisterAsync).RequireRateLimiting(RateLimiting.AuthPolicy);
        group.MapPost("/login", LoginAsync).RequireRateLimiting(RateLimiting.AuthPolicy);
        group.MapGet("/me", (HttpContext context) =>
        {
            var user = TokenService.FromClaims(context.User.Identity as System.Security.Claims.ClaimsIdentity);
            return user is null
                ? ApiResults.Error(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Not signed in.")
                : Results.Json(new UserInfo(user.UserId, user.Username, user.DisplayName), HttpJsonContext.Default.UserInfo);
        }).RequireAuthorization();
        return endpoints;
    }

    private static async Task<IResult> RegisterAsync(RegisterRequest? body, IAppStore store, TokenService tokens,
        IOptions<AuthOptions> options, TimeProvider time, CancellationToken ct)
    {
        var username = body?.Username?.Trim();
        if (string.IsNullOrEmpty(username) || username.Length is < 3 or > 32 || !username.All(IsUsernameChar))
        {
            return ApiResults.BadRequest("username must be 3-32 characters: letters, digits, '.', '_' or '-'.");
        }

        var password = body!.Password;
        if (password is null || password.Length < MinPasswordLength || System.Text.Encoding.UTF8.GetByteCount(password) > MaxPasswordLength)
        {
            return ApiResults.BadRequest($"password must be {MinPasswordLength} to {MaxPasswordLength} bytes long.");
        }

        var displayName = string.IsNullOrWhiteSpace(body.DisplayName) ? username : body.DisplayName.Trim();
        if (displayName.Length > 64)
        {
            return ApiResults.BadRequest("displayName must be at most 64 characters.");
        }

        var email = string.IsNullOrWhiteSpace(body.Email) ? null : body.Email.Trim().ToLowerInvariant();
        if (email is not null && (email.Length > 254 || !email.Contains('@', StringComparison.Ordinal)))
        {
            return ApiResults.BadRequest("email is not a valid address.");
        }

        var user = new UserRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            Username = username,
            NormalizedUsername = username.ToLowerInvariant(),
            DisplayName = displayName,
            Email = email,
            PasswordHash = PasswordHasher.Hash(password, options.Value.BcryptWorkFactor),
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        if (!await store.TryAddUserAsync(user, ct))
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, ErrorCodes.Conflict, "That username is taken.");
        }

        return Results.Json(new AuthResponse(tokens.Issue(user), ToInfo(user)), HttpJsonContext.Default.AuthResponse,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> LoginAsync(LoginRequest? body, IAppStore store, TokenService tokens, CancellationToken ct)
    {
        var login = body?.Username ?? body?.Email;
        if (string.IsNullOrWhiteSpace(login) || login.Length > 254 || body!.Password is null || body.Password.Length > 1024)
        {
            return ApiResults.BadRequest("username (or email) and password are required.");
        }

        var user = await store.FindUserByLoginAsync(login, ct);
        // Same answer, and about the same time (a bcrypt verification either way), for an unknown user and a wrong
        // password: no user enumeration.
        var valid = PasswordHasher.Verify(body.Password, user?.PasswordHash ?? UnknownUserHash);
        return user is null || !valid
            ? ApiResults.Error(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Invalid username or password.")
            : Results.Json(new AuthResponse(tokens.Issue(user), ToInfo(user)), HttpJsonContext.Default.AuthResponse);
    }

    /// <summary>A hash of a random password at the default cost, verified when the user does not exist.</summary>
    private static readonly string UnknownUserHash = PasswordHasher.Hash(Guid.NewGuid().ToString("N"), 10);

    private static UserInfo ToInfo(UserRecord user) => new(user.Id, user.Username, user.DisplayName);

    private static bool IsUsernameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}
