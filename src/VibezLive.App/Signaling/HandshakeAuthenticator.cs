using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using VibezLive.App.Auth;
using VibezLive.App.Options;
using VibezLive.App.Rooms;
using VibezLive.SocketIO;

namespace VibezLive.App.Signaling;

/// <summary>
/// The namespace middleware: a handshake carries <c>auth: { token }</c> (or an <c>Authorization: Bearer</c> header),
/// or — when guests are allowed — <c>auth: { displayName }</c>. A refusal is a CONNECT_ERROR with
/// <c>{ code: "UNAUTHORIZED", message }</c>. Accepted handshakes get their <see cref="PeerSession"/>.
/// </summary>
public sealed class HandshakeAuthenticator(TokenService tokens, IOptions<AuthOptions> auth, IOptions<SignalingOptions> signaling)
{
    private readonly bool _allowGuests = auth.Value.AllowGuests ?? false;
    private readonly SignalingOptions _signaling = signaling.Value;

    public async ValueTask<SioConnectError?> AuthenticateAsync(SioHandshake handshake)
    {
        ArgumentNullException.ThrowIfNull(handshake);
        var token = ReadString(handshake.Auth, "token", 8192);
        if (token is null && handshake.Headers.Authorization.ToString() is { } header &&
            header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            token = header[7..].Trim();
        }

        AuthenticatedUser? user = null;
        string? guestName = null;
        if (token is not null)
        {
            user = await tokens.ValidateAsync(token);
            if (user is null)
            {
                return Refuse("Invalid or expired token.");
            }
        }
        else if (_allowGuests)
        {
            guestName = ReadString(handshake.Auth, "displayName", 1024)?.Trim();
            if (guestName is { Length: 0 })
            {
                guestName = null;
            }
            else if (guestName is not null && guestName.Length > _signaling.MaxDisplayNameLength)
            {
                guestName = guestName[.._signaling.MaxDisplayNameLength];
            }
        }
        else
        {
            return Refuse("A token is required: sign in (POST /api/auth/login) and connect with auth: { token }.");
        }

        handshake.Items[PeerSession.ItemKey] = new PeerSession(user, guestName, CreateLimiter());
        return null;
    }

    /// <summary>Refilled once a second: each limiter has its own timer, so a coarse period keeps thousands of idle
    /// sockets cheap; the burst absorbs the joins and transport set-up of a page load.</summary>
    private TokenBucketRateLimiter CreateLimiter() => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = _signaling.EventBurst,
        TokensPerPeriod = _signaling.EventsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    });

    private static SioConnectError Refuse(string message) =>
        new(new Messages.ConnectErrorPayload(message, new ErrorBody(ErrorCodes.Unauthorized, message)));

    private static string? ReadString(JsonElement? auth, string name, int maxLength) =>
        auth is { ValueKind: JsonValueKind.Object } a && a.TryGetProperty(name, out var v) &&
        v.ValueKind == JsonValueKind.String && v.GetString() is { } s && s.Length <= maxLength ? s : null;
}
