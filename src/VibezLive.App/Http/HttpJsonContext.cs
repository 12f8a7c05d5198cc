using System.Text.Json;
using System.Text.Json.Serialization;
using VibezLive.App.Signaling;

namespace VibezLive.App.Http;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(CreateRoomRequest))]
[JsonSerializable(typeof(AuthResponse))]
[JsonSerializable(typeof(UserInfo))]
[JsonSerializable(typeof(RoomInfo))]
[JsonSerializable(typeof(RoomListResponse))]
[JsonSerializable(typeof(ErrorReply))]
public sealed partial class HttpJsonContext : JsonSerializerContext;
