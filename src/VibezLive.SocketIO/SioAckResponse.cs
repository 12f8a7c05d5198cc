using System.Text.Json;
using VibezLive.SocketIO.Parser;

namespace VibezLive.SocketIO;

/// <summary>What a client answered to an emit-with-ack: its arguments and the binary attachments they refer to.</summary>
public sealed class SioAckResponse
{
    internal SioAckResponse(JsonElement[] args, IReadOnlyList<byte[]> attachments)
    {
        Args = args;
        Attachments = attachments;
    }

    /// <summary>Arguments; binary ones appear as <c>{"_placeholder":true,"num":n}</c>.</summary>
    public JsonElement[] Args { get; }

    /// <summary>Binary attachments (empty for a plain ACK).</summary>
    public IReadOnlyList<byte[]> Attachments { get; }

    /// <summary>Arguments with binary values resolved (see <see cref="SioPlaceholders.Resolve"/>); can be emitted again.</summary>
    public object?[] GetValues() => Args.Select(a => SioPlaceholders.Resolve(a, Attachments)).ToArray();
}
