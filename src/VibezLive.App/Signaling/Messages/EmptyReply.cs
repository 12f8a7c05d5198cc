namespace VibezLive.App.Signaling.Messages;

/// <summary><c>{}</c>.</summary>
public sealed record EmptyReply
{
    public static readonly EmptyReply Instance = new();
}
