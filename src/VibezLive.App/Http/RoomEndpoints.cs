using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using VibezLive.App.Auth;
using VibezLive.App.Options;
using VibezLive.App.Rooms;
using VibezLive.App.Signaling;
using VibezLive.App.Storage;

namespace VibezLive.App.Http;

/// <summary><c>GET/POST /api/rooms</c>, <c>GET/DELETE /api/rooms/{id}</c>.</summary>
public static class RoomEndpoints
{
    public static IEndpointRouteBuilder MapRoomEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/rooms");
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPost("/", CreateAsync).RequireAuthorization();
        group.MapDelete("/{id}", DeleteAsync).RequireAuthorization();
        return endpoints;
    }

    /// <summary>Live rooms (with participant counts) and stored rooms, live ones first.</summary>
    private static async Task<IResult> ListAsync(IAppStore store, ILiveRoomDirectory live, CancellationToken ct)
    {
        var stored = (await store.ListRoomsAsync(ct)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var rooms = new List<RoomInfo>();
        foreach (var room in live.GetLiveRooms().OrderBy(r => r.RoomId, StringComparer.Ordinal))
        {
            rooms.Add(ToInfo(room.RoomId, stored.GetValueOrDefault(room.RoomId), room));
            stored.Remove(room.RoomId);
        }

        rooms.AddRange(stored.Values.Select(s => ToInfo(s.Id, s, null)));
        return Results.Json(new RoomListResponse(rooms), HttpJsonContext.Default.RoomListResponse);
    }

    private static async Task<IResult> GetAsync(string id, IAppStore store, ILiveRoomDirectory live, CancellationToken ct)
    {
        if (!RoomIds.IsValid(id))
        {
            return ApiResults.BadRequest("Invalid room id.");
        }

        var stored = await store.FindRoomAsync(id, ct);
        var liveRoom = live.FindLiveRoom(id);
        return stored is null && liveRoom is null
            ? ApiResults.Error(StatusCodes.Status404NotFound, ErrorCodes.RoomNotFound, $"Room '{id}' does not exist.")
            : Results.Json(ToInfo(id, stored, liveRoom), HttpJsonContext.Default.RoomInfo);
    }

    private static async Task<IResult> CreateAsync(CreateRoomRequest? body, ClaimsPrincipal principal, IAppStore store,
        ILiveRoomDirectory live, IOptions<AuthOptions> auth, IOptions<SignalingOptions> signaling, TimeProvider time, CancellationToken ct)
    {
        var user = TokenService.FromClaims(principal.Identity as ClaimsIdentity);
        if (user is null)
        {
            return ApiResults.Error(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Not signed in.");
        }

        var id = body?.Id?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            id = Guid.NewGuid().ToString("N")[..12];
        }
        else if (!RoomIds.IsValid(id))
        {
            return ApiResults.BadRequest("id must be 1-64 characters: letters, digits, '.', '_' or '-'.");
        }

        var name = string.IsNullOrWhiteSpace(body?.Name) ? id : body.Name.Trim();
        if (name.Length > 128)
        {
            return ApiResults.BadRequest("name must be at most 128 characters.");
        }

        if (body?.MaxPeers is { } max && (max < 1 || max > signaling.Value.MaxPeersPerRoom))
        {
            return ApiResults.BadRequest($"maxPeers must be between 1 and {signaling.Value.MaxPeersPerRoom}.");
        }

        if (body?.Password is { } pw && (pw.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(pw) > AuthEndpoints.MaxPasswordLength))
        {
            return ApiResults.BadRequest($"password must be 1 to {AuthEndpoints.MaxPasswordLength} bytes long.");
        }

        var record = new StoredRoomRecord
        {
            Id = id,
            Name = name,
            OwnerId = user.UserId,
            PasswordHash = body?.Password is { } password ? PasswordHasher.Hash(password, auth.Value.BcryptWorkFactor) : null,
            MaxPeers = body?.MaxPeers,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        if (!await store.TryAddRoomAsync(record, ct))
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, ErrorCodes.Conflict, $"Room '{id}' already exists.");
        }

        return Results.Json(ToInfo(id, record, live.FindLiveRoom(id)), HttpJsonContext.Default.RoomInfo,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteAsync(string id, ClaimsPrincipal principal, IAppStore store, CancellationToken ct)
    {
        var user = TokenService.FromClaims(principal.Identity as ClaimsIdentity);
        if (user is null)
        {
            return ApiResults.Error(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Not signed in.");
        }

        var stored = RoomIds.IsValid(id) ? await store.FindRoomAsync(id, ct) : null;
        if (stored is null)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, ErrorCodes.RoomNotFound, $"Room '{id}' does not exist.");
        }

        if (!string.Equals(stored.OwnerId, user.UserId, StringComparison.Ordinal))
        {
            return ApiResults.Error(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Only the room's owner may delete it.");
        }

        await store.DeleteRoomAsync(id, ct);
        return Results.NoContent();
    }

    private static RoomInfo ToInfo(string id, StoredRoomRecord? stored, LiveRoomInfo? live) => new(
        id,
        stored?.Name ?? id,
        live?.Participants ?? 0,
        live is not null,
        stored is not null,
        stored?.OwnerId,
        stored?.PasswordHash is not null,
        stored?.MaxPeers,
        stored?.CreatedAt);
}
