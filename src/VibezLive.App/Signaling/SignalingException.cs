namespace VibezLive.App.Signaling;

/// <summary>A request that fails with one of PROTOCOL.md's codes; the dispatcher turns it into the error ack.</summary>
public sealed class SignalingException : Exception
{
    public SignalingException()
        : this(ErrorCodes.Internal, "Internal error.")
    {
    }

    public SignalingException(string message)
        : this(ErrorCodes.BadRequest, message)
    {
    }

    public SignalingException(string message, Exception innerException)
        : base(message, innerException) => Code = ErrorCodes.Internal;

    public SignalingException(string code, string message)
        : base(message) => Code = code;

    public string Code { get; }

    public static SignalingException BadRequest(string message) => new(ErrorCodes.BadRequest, message);

    public static SignalingException NotFound(string message) => new(ErrorCodes.NotFound, message);

    public static SignalingException Forbidden(string message) => new(ErrorCodes.Forbidden, message);

    public static SignalingException NotInRoom() => new(ErrorCodes.NotInRoom, "Join a room first (joinRoom).");
}
