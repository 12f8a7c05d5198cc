using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace VibezLive.Protocols.Srtp;

/// <summary>
/// One direction (inbound or outbound) of one transport's SRTP/SRTCP (RFC 3711, RFC 7714); many SSRCs inside.
/// Session keys are derived once (key_derivation_rate 0); per-SSRC state (ROC, replay windows, SRTCP index) is created
/// when we protect for an SSRC, or when an inbound packet of a new SSRC has authenticated. Not thread-safe: owned by one
/// media worker. Nothing here allocates per packet, and failures are returned as <see cref="SrtpError"/>.
/// </summary>
public sealed class SrtpSession : IDisposable
{
    /// <summary>Room the caller leaves after the packet for the tag / SRTCP index.</summary>
    public const int MaxOverhead = 32;

    /// <summary>Default bound on per-SSRC contexts: a transport with hundreds of streams fits; a flood of SSRCs does not.</summary>
    public const int DefaultMaxStreams = 1024;

    private readonly SrtpCipher _cipher;
    private readonly Dictionary<uint, SrtpStream> _streams = [];
    private readonly int _maxStreams;
    private readonly int _rtpOverhead;
    private readonly int _rtcpOverhead;
    private bool _disposed;

    public SrtpSession(SrtpProtectionProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
        : this(profile, masterKey, masterSalt, DefaultMaxStreams)
    {
    }

    /// <param name="maxStreams">Upper bound on SSRCs tracked by this session.</param>
    public SrtpSession(SrtpProtectionProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, int maxStreams)
        : this(profile, CreateCipher(profile, masterKey, masterSalt), maxStreams)
    {
    }

    private SrtpSession(SrtpProtectionProfile profile, SrtpCipher cipher, int maxStreams)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStreams, 1);
        Profile = profile;
        _cipher = cipher;
        _maxStreams = maxStreams;
        _rtpOverhead = cipher.RtpOverhead;
        _rtcpOverhead = cipher.RtcpOverhead;
    }

    public SrtpProtectionProfile Profile { get; }

    /// <summary>Number of SSRCs with state in this session.</summary>
    public int StreamCount => _streams.Count;

    /// <summary>
    /// Builds a session directly from session keys (same key and salt for SRTP and SRTCP), skipping key derivation. For the
    /// RFC 7714 vectors, which are stated below the KDF.
    /// </summary>
    internal static SrtpSession FromSessionKeys(SrtpProtectionProfile profile, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt,
        ReadOnlySpan<byte> authKey = default, bool allowIntrinsics = true)
    {
        SrtpCipher cipher = SrtpProfiles.IsAead(profile)
            ? new SrtpAesGcmCipher(key, salt, key, salt, allowIntrinsics)
            : new SrtpAesCmCipher(SrtpProfiles.RtpOverhead(profile), key, salt, authKey, key, salt, authKey, allowIntrinsics);
        return new SrtpSession(profile, cipher, DefaultMaxStreams);
    }

    /// <summary>Sets the SRTCP index the next protected RTCP packet of <paramref name="ssrc"/> uses (tests).</summary>
    internal void SetNextSrtcpIndex(uint ssrc, uint index)
    {
        SrtpStream? stream = GetOrCreate(ssrc);
        stream!.NextSrtcpIndex = index & 0x7FFF_FFFFu;
    }

    /// <summary>Protects the RTP packet in [0, <paramref name="length"/>) in place and appends the tag (RFC 3711 §3.3).</summary>
    [SkipLocalsInit]
    public SrtpError ProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)length > (uint)buffer.Length)
        {
            return SrtpError.BufferTooSmall;
        }

        if (!TryGetRtpHeaderLength(buffer[..length], out int headerLength, out SrtpError error))
        {
            return error;
        }

        if (buffer.Length - length < _rtpOverhead)
        {
            return SrtpError.BufferTooSmall;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        SrtpStream? stream = GetOrCreate(ssrc);
        if (stream is null)
        {
            return SrtpError.TooManyStreams;
        }

        // A sender may repeat an index (retransmission without RTX), so there is no replay check on this side.
        if (!SrtpStream.TryEstimateIndex(stream.Rtp, seq, out ulong index))
        {
            return SrtpError.TooOld;
        }

        _cipher.ProtectRtp(buffer, headerLength, length, ssrc, index);
        stream.Rtp.Commit(index);
        protectedLength = length + _rtpOverhead;
        return SrtpError.None;
    }

    /// <summary>Verifies, replay-checks and decrypts the SRTP packet in [0, <paramref name="length"/>) in place.</summary>
    [SkipLocalsInit]
    public SrtpError UnprotectRtp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)length > (uint)buffer.Length)
        {
            return SrtpError.BufferTooSmall;
        }

        if (length < 12 + _rtpOverhead)
        {
            return SrtpError.TooShort;
        }

        int authenticatedLength = length - _rtpOverhead;
        if (!TryGetRtpHeaderLength(buffer[..authenticatedLength], out int headerLength, out SrtpError error))
        {
            return error;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]);
        ushort seq = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        ulong index;
        if (_streams.TryGetValue(ssrc, out SrtpStream? stream))
        {
            if (!SrtpStream.TryEstimateIndex(stream.Rtp, seq, out index))
            {
                return SrtpError.TooOld;
            }

            // RFC 3711 §3.3.2: replay check before any cryptographic work, commit only after authentication.
            error = stream.Rtp.Check(index);
            if (error != SrtpError.None)
            {
                return error;
            }
        }
        else
        {
            if (_streams.Count >= _maxStreams)
            {
                return SrtpError.TooManyStreams;
            }

            index = seq; // RFC 3711 §3.3.1: a new stream starts with ROC 0
        }

        if (!_cipher.UnprotectRtp(buffer, headerLength, length, ssrc, index))
        {
            return SrtpError.AuthenticationFailed;
        }

        if (stream is null)
        {
            stream = new SrtpStream();
            _streams.Add(ssrc, stream);
        }

        stream.Rtp.Commit(index);
        plainLength = authenticatedLength;
        return SrtpError.None;
    }

    /// <summary>Encrypts the RTCP compound in [0, <paramref name="length"/>) in place and appends E + index and the tag (RFC 3711 §3.4).</summary>
    [SkipLocalsInit]
    public SrtpError ProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        protectedLength = 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)length > (uint)buffer.Length)
        {
            return SrtpError.BufferTooSmall;
        }

        if (length < 8)
        {
            return SrtpError.TooShort;
        }

        if (buffer[0] >> 6 != 2)
        {
            return SrtpError.Malformed;
        }

        if (buffer.Length - length < _rtcpOverhead)
        {
            return SrtpError.BufferTooSmall;
        }

        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        SrtpStream? stream = GetOrCreate(ssrc);
        if (stream is null)
        {
            return SrtpError.TooManyStreams;
        }

        uint index = stream.NextSrtcpIndex;
        stream.NextSrtcpIndex = (index + 1) & 0x7FFF_FFFFu;
        _cipher.ProtectRtcp(buffer, length, ssrc, index);
        protectedLength = length + _rtcpOverhead;
        return SrtpError.None;
    }

    /// <summary>Verifies, replay-checks and decrypts the SRTCP packet in [0, <paramref name="length"/>) in place.</summary>
    [SkipLocalsInit]
    public SrtpError UnprotectRtcp(Span<byte> buffer, int length, out int plainLength)
    {
        plainLength = 0;
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)length > (uint)buffer.Length)
        {
            return SrtpError.BufferTooSmall;
        }

        if (length < 8 + _rtcpOverhead)
        {
            return SrtpError.TooShort;
        }

        if (buffer[0] >> 6 != 2)
        {
            return SrtpError.Malformed;
        }

        uint trailer = BinaryPrimitives.ReadUInt32BigEndian(buffer[_cipher.RtcpTrailerOffset(length)..]);
        bool encrypted = (trailer & 0x8000_0000u) != 0;
        uint index = trailer & 0x7FFF_FFFFu;
        uint ssrc = BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]);
        if (_streams.TryGetValue(ssrc, out SrtpStream? stream))
        {
            SrtpError error = stream.Rtcp.Check(index);
            if (error != SrtpError.None)
            {
                return error;
            }
        }
        else if (_streams.Count >= _maxStreams)
        {
            return SrtpError.TooManyStreams;
        }

        if (!_cipher.UnprotectRtcp(buffer, length, ssrc, index, encrypted))
        {
            return SrtpError.AuthenticationFailed;
        }

        if (stream is null)
        {
            stream = new SrtpStream();
            _streams.Add(ssrc, stream);
        }

        stream.Rtcp.Commit(index);
        plainLength = length - _rtcpOverhead;
        return SrtpError.None;
    }

    /// <summary>Forgets the state of <paramref name="ssrc"/> (stream closed), freeing room under the bound.</summary>
    public bool RemoveStream(uint ssrc) => _streams.Remove(ssrc);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _cipher.Dispose();
        _streams.Clear();
    }

    private SrtpStream? GetOrCreate(uint ssrc)
    {
        if (_streams.TryGetValue(ssrc, out SrtpStream? stream))
        {
            return stream;
        }

        if (_streams.Count >= _maxStreams)
        {
            return null;
        }

        stream = new SrtpStream();
        _streams.Add(ssrc, stream);
        return stream;
    }

    /// <summary>RTP fixed header, CSRCs and extension block (RFC 3550 §5.1, §5.3.1) must fit in <paramref name="packet"/>.</summary>
    private static bool TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, out int headerLength, out SrtpError error)
    {
        headerLength = 0;
        if (packet.Length < 12)
        {
            error = SrtpError.TooShort;
            return false;
        }

        error = SrtpError.Malformed;
        byte first = packet[0];
        if (first >> 6 != 2)
        {
            return false;
        }

        int length = 12 + (4 * (first & 0x0F));
        if ((first & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        if (length > packet.Length)
        {
            return false;
        }

        headerLength = length;
        error = SrtpError.None;
        return true;
    }

    [SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "Ownership passes to the session.")]
    private static SrtpCipher CreateCipher(SrtpProtectionProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt)
    {
        if (!SrtpProfiles.IsSupported(profile))
        {
            throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown SRTP protection profile.");
        }

        if (masterKey.Length != SrtpProfiles.KeyLength(profile))
        {
            throw new ArgumentException($"{profile} needs a {SrtpProfiles.KeyLength(profile)}-byte master key.", nameof(masterKey));
        }

        if (masterSalt.Length != SrtpProfiles.SaltLength(profile))
        {
            throw new ArgumentException($"{profile} needs a {SrtpProfiles.SaltLength(profile)}-byte master salt.", nameof(masterSalt));
        }

        int keyLength = masterKey.Length;
        int saltLength = masterSalt.Length;
        Span<byte> rtpKey = stackalloc byte[keyLength];
        Span<byte> rtpSalt = stackalloc byte[saltLength];
        Span<byte> rtcpKey = stackalloc byte[keyLength];
        Span<byte> rtcpSalt = stackalloc byte[saltLength];
        Span<byte> rtpAuth = stackalloc byte[20];
        Span<byte> rtcpAuth = stackalloc byte[20];
        try
        {
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryption, rtpKey);
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpSalt, rtpSalt);
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpEncryption, rtcpKey);
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpSalt, rtcpSalt);
            if (SrtpProfiles.IsAead(profile))
            {
                return new SrtpAesGcmCipher(rtpKey, rtpSalt, rtcpKey, rtcpSalt);
            }

            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpAuthentication, rtpAuth);
            SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtcpAuthentication, rtcpAuth);
            return new SrtpAesCmCipher(SrtpProfiles.RtpOverhead(profile), rtpKey, rtpSalt, rtpAuth, rtcpKey, rtcpSalt, rtcpAuth);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rtpKey);
            CryptographicOperations.ZeroMemory(rtcpKey);
            CryptographicOperations.ZeroMemory(rtpAuth);
            CryptographicOperations.ZeroMemory(rtcpAuth);
        }
    }
}
