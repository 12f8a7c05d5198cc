namespace VibezLive.SocketIO.EngineIO;

/// <summary>
/// One outbound Engine.IO packet, encoded once and shared by every session it is written to (broadcast): the text
/// packet (type digit first, e.g. <c>42["ev"]</c>) and the binary messages that must follow it without anything in
/// between (Socket.IO attachments). Immutable.
/// </summary>
public sealed class EngineFrame
{
    /// <summary>Creates a frame.</summary>
    public EngineFrame(byte[] text, byte[][]? binaries = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        Binaries = binaries ?? [];
    }

    /// <summary>UTF-8 text packet, starting with its type digit.</summary>
    public byte[] Text { get; }

    /// <summary>Binary messages sent right after <see cref="Text"/>.</summary>
    public byte[][] Binaries { get; }

    internal static readonly EngineFrame Ping = new("2"u8.ToArray());
    internal static readonly EngineFrame Noop = new("6"u8.ToArray());
    internal static readonly EngineFrame Close = new("1"u8.ToArray());
    internal static readonly EngineFrame ProbePong = new("3probe"u8.ToArray());
}
