using System.Buffers;
using System.Buffers.Text;

namespace VibezLive.SocketIO.EngineIO;

/// <summary>
/// Engine.IO v4 codec: a text packet is its type digit followed by its data; an HTTP long-polling payload joins
/// packets with the record separator 0x1E, a binary message inside it being <c>b</c> + base64.
/// </summary>
public static class EnginePayload
{
    /// <summary>Record separator between packets of a polling payload.</summary>
    public const byte Separator = 0x1E;

    /// <summary>Splits a text packet into its type and data. False when the type is not 0..6.</summary>
    public static bool TryParseText(ReadOnlySpan<byte> packet, out EnginePacketType type, out int dataOffset)
    {
        type = default;
        dataOffset = 1;
        if (packet.IsEmpty) return false;
        int digit = packet[0] - '0';
        if (digit is < 0 or > 6) return false;
        type = (EnginePacketType)digit;
        return true;
    }

    /// <summary>
    /// Returns the next packet of a polling payload, advancing <paramref name="offset"/>. <paramref name="isBinary"/>
    /// is true for a <c>b</c> packet, whose <paramref name="segment"/> is then the base64 text after the <c>b</c>.
    /// </summary>
    public static bool TryReadNext(ReadOnlySpan<byte> payload, ref int offset, out ReadOnlySpan<byte> segment, out bool isBinary)
    {
        segment = default;
        isBinary = false;
        if (offset > payload.Length || (offset == payload.Length && offset != 0)) return false;
        var rest = payload[offset..];
        int sep = rest.IndexOf(Separator);
        segment = sep < 0 ? rest : rest[..sep];
        offset += sep < 0 ? rest.Length + 1 : sep + 1;
        if (!segment.IsEmpty && segment[0] == (byte)'b')
        {
            isBinary = true;
            segment = segment[1..];
        }
        return true;
    }

    /// <summary>Decodes the base64 of a <c>b</c> packet; false when it is not valid base64.</summary>
    public static bool TryDecodeBase64(ReadOnlySpan<byte> base64, out byte[] bytes)
    {
        bytes = [];
        if (base64.Length % 4 != 0) return false;
        var buffer = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        if (Base64.DecodeFromUtf8(base64, buffer, out _, out int written) != OperationStatus.Done) return false;
        bytes = written == buffer.Length ? buffer : buffer.AsSpan(0, written).ToArray();
        return true;
    }

    /// <summary>Appends one packet to a polling payload being built (separator first unless it is the first).</summary>
    public static void WriteText(IBufferWriter<byte> output, ReadOnlySpan<byte> text, bool first)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(text.Length + 1);
        int n = 0;
        if (!first) span[n++] = Separator;
        text.CopyTo(span[n..]);
        output.Advance(n + text.Length);
    }

    /// <summary>Appends one binary message as <c>b</c> + base64 to a polling payload being built.</summary>
    public static void WriteBinary(IBufferWriter<byte> output, ReadOnlySpan<byte> data, bool first)
    {
        ArgumentNullException.ThrowIfNull(output);
        int encoded = Base64.GetMaxEncodedToUtf8Length(data.Length);
        var span = output.GetSpan(encoded + 2);
        int n = 0;
        if (!first) span[n++] = Separator;
        span[n++] = (byte)'b';
        Base64.EncodeToUtf8(data, span[n..], out _, out int written);
        output.Advance(n + written);
    }
}
