using System.Buffers.Binary;

namespace VibezLive.Protocols.Rtcp;

/// <summary>Walks the (SSRC, item) pairs of an SDES packet validated by <see cref="SourceDescription.TryParse"/>.</summary>
public ref struct SdesItemReader
{
    private readonly ReadOnlySpan<byte> _chunks;
    private int _position;
    private int _chunkEnd;
    private uint _ssrc;
    private int _chunksLeft;

    internal SdesItemReader(ReadOnlySpan<byte> chunks, int chunkCount)
    {
        _chunks = chunks;
        _chunksLeft = chunkCount;
        _position = 0;
        _chunkEnd = -1;
        _ssrc = 0;
    }

    /// <summary>Next item of any chunk, with the SSRC/CSRC of its chunk.</summary>
    public bool TryReadNext(out uint ssrc, out SdesItemType type, out ReadOnlySpan<byte> value)
    {
        while (true)
        {
            if (_chunkEnd < 0)
            {
                if (_chunksLeft == 0 || _chunks.Length - _position < 4)
                {
                    break;
                }

                _chunksLeft--;
                _ssrc = BinaryPrimitives.ReadUInt32BigEndian(_chunks[_position..]);
                _position += 4;
                _chunkEnd = 0;
            }

            if (_position >= _chunks.Length || _chunks[_position] == 0)
            {
                // §6.5: the item list ends with a null octet, then padding up to the next 32-bit boundary.
                _position = Math.Min(_chunks.Length, (_position + 4) & ~3);
                _chunkEnd = -1;
                continue;
            }

            if (_chunks.Length - _position < 2 || _chunks.Length - _position - 2 < _chunks[_position + 1])
            {
                break;
            }

            ssrc = _ssrc;
            type = (SdesItemType)_chunks[_position];
            value = _chunks.Slice(_position + 2, _chunks[_position + 1]);
            _position += 2 + value.Length;
            return true;
        }

        ssrc = 0;
        type = SdesItemType.End;
        value = default;
        _position = _chunks.Length;
        return false;
    }
}
