using System.Runtime.CompilerServices;

namespace VibezLive.Protocols.Srtp;

/// <summary>
/// Sliding replay window over 64-bit packet indices (RFC 3711 §3.3.2). 1024 entries, like mediasoup's libsrtp setting,
/// so that late retransmissions on the media SSRC are still accepted. Check before decrypting, commit after authentication.
/// </summary>
internal struct SrtpReplayWindow
{
    public const int Size = 1024;
    private const int Words = Size / 64;

    private Bits _bits;
    private ulong _highest;
    private bool _initialized;

    public readonly ulong Highest => _highest;

    public readonly bool IsInitialized => _initialized;

    /// <summary>Whether <paramref name="index"/> may be accepted (not yet authenticated).</summary>
    public readonly SrtpError Check(ulong index)
    {
        if (!_initialized || index > _highest)
        {
            return SrtpError.None;
        }

        ulong behind = _highest - index;
        if (behind >= Size)
        {
            return SrtpError.TooOld;
        }

        return IsSet(index) ? SrtpError.ReplayedPacket : SrtpError.None;
    }

    /// <summary>Records an authenticated index.</summary>
    public void Commit(ulong index)
    {
        if (!_initialized)
        {
            _initialized = true;
            _highest = index;
            _bits = default;
            Set(index);
            return;
        }

        if (index <= _highest && _highest - index >= Size)
        {
            return;
        }

        if (index > _highest)
        {
            ulong advance = index - _highest;
            if (advance >= Size)
            {
                _bits = default;
            }
            else
            {
                // Forget the slots the window slides over; they now stand for indices ahead of the old highest.
                for (ulong i = _highest + 1; i <= index; i++)
                {
                    Clear(i);
                }
            }

            _highest = index;
        }

        Set(index);
    }

    private readonly bool IsSet(ulong index)
    {
        int slot = (int)(index % Size);
        return (_bits[slot >> 6] & (1UL << (slot & 63))) != 0;
    }

    private void Set(ulong index)
    {
        int slot = (int)(index % Size);
        _bits[slot >> 6] |= 1UL << (slot & 63);
    }

    private void Clear(ulong index)
    {
        int slot = (int)(index % Size);
        _bits[slot >> 6] &= ~(1UL << (slot & 63));
    }

    [InlineArray(Words)]
    private struct Bits
    {
        private ulong _element;
    }
}
