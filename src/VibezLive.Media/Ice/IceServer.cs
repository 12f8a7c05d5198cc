using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using VibezLive.Media.Diagnostics;
using VibezLive.Media.Net;
using VibezLive.Protocols.Stun;

namespace VibezLive.Media.Ice;

/// <summary>
/// ICE-lite agent, always controlled (RFC 8445 §2.5, §7.3): answers Binding requests, keeps up to
/// <see cref="MaxTuples"/> valid remote tuples, selects the tuple nominated with USE-CANDIDATE (or with Chrome's
/// renomination NOMINATION attribute, highest value wins), and tracks consent freshness (RFC 7675). Never sends
/// checks. Worker thread only.
/// </summary>
internal sealed class IceServer
{
    public const int MaxTuples = 8;

    /// <summary>NOMINATION (draft-thatcher-ice-renomination §3), comprehension-optional.</summary>
    private const ushort NominationAttribute = 0xC001;

    private readonly MediaWorker _worker;
    private readonly IIceServerListener _listener;
    private readonly List<IceTuple> _tuples = [];
    private byte[] _passwordKey;
    private string? _oldUfrag;
    private byte[]? _oldPasswordKey;
    private uint _nomination;

    public IceServer(MediaWorker worker, IIceServerListener listener, long nowUs)
    {
        _worker = worker;
        _listener = listener;
        (Ufrag, Password) = (RandomString(32), RandomString(32));
        _passwordKey = Encoding.ASCII.GetBytes(Password);
        CreatedUs = nowUs;
    }

    public string Ufrag { get; private set; }

    public string Password { get; private set; }

    public IceState State { get; private set; } = IceState.New;

    public IceTuple? SelectedTuple { get; private set; }

    public long CreatedUs { get; }

    /// <summary>Last valid Binding request on any tuple (consent freshness).</summary>
    public long LastConsentUs { get; private set; }

    /// <summary>New credentials (mediasoup's restartIce). The old ones keep working until a request authenticates
    /// with the new ones, so an in-flight restart does not drop the call.</summary>
    public void Restart()
    {
        if (_oldUfrag is not null)
        {
            _listener.OnIceUfragRetired(_oldUfrag);
        }

        _oldUfrag = Ufrag;
        _oldPasswordKey = _passwordKey;
        Ufrag = RandomString(32);
        Password = RandomString(32);
        _passwordKey = Encoding.ASCII.GetBytes(Password);
        _nomination = 0;
    }

    public void OnBindingRequest(in StunMessage request, Datagram datagram, long nowUs)
    {
        if (request.Method != StunMethod.Binding)
        {
            Reject(_worker, datagram, request, 400, "Bad Request");
            return;
        }

        if (!request.HasFingerprint || !request.VerifyFingerprint() || !request.TryGetPriority(out _))
        {
            Reject(_worker, datagram, request, 400, "Bad Request");
            return;
        }

        if (!request.HasMessageIntegrity || !request.TryGetUsername(out var username))
        {
            Reject(_worker, datagram, request, 400, "Bad Request");
            return;
        }

        var colon = username.IndexOf((byte)':');
        var localUfrag = colon < 0 ? username : username[..colon];
        byte[] key;
        var usedOld = false;
        if (EqualsAscii(localUfrag, Ufrag))
        {
            key = _passwordKey;
        }
        else if (_oldUfrag is not null && EqualsAscii(localUfrag, _oldUfrag))
        {
            key = _oldPasswordKey!;
            usedOld = true;
        }
        else
        {
            Reject(_worker, datagram, request, 401, "Unauthorized");
            return;
        }

        if (!request.VerifyMessageIntegrity(key))
        {
            Reject(_worker, datagram, request, 401, "Unauthorized");
            return;
        }

        // We are controlled; a peer that also claims controlled has a role conflict (RFC 8445 §7.3.1.1).
        if (request.TryGetIceControlled(out _))
        {
            Reject(_worker, datagram, request, 487, "Role Conflict");
            return;
        }

        if (!usedOld && _oldUfrag is not null)
        {
            _listener.OnIceUfragRetired(_oldUfrag);
            _oldUfrag = null;
            _oldPasswordKey = null;
        }

        var tuple = FindOrAddTuple(datagram.Source!, datagram.Address, nowUs);
        tuple.LastRequestUs = nowUs;
        LastConsentUs = nowUs;

        var nominate = request.UseCandidate;
        if (request.TryGetAttribute(NominationAttribute, out var nominationValue) && nominationValue.Length == 4)
        {
            var value = BinaryPrimitives.ReadUInt32BigEndian(nominationValue) & 0x00FFFFFF;
            nominate = value >= _nomination;
            _nomination = value;
        }

        if (nominate && SelectedTuple != tuple)
        {
            SelectedTuple = tuple;
            _listener.OnIceSelectedTupleChanged(tuple);
        }

        if (nominate || SelectedTuple is not null)
        {
            SetState(IceState.Completed);
        }
        else if (State is IceState.New or IceState.Disconnected)
        {
            SetState(IceState.Connected);
        }

        // Answer last, so that whoever sees the response also sees the new state.
        SendSuccess(datagram, request, key);
    }

    /// <summary>The validated tuple <paramref name="datagram"/> arrived on, if any.</summary>
    public IceTuple? GetTuple(Datagram datagram)
    {
        foreach (var t in _tuples)
        {
            if (t.Matches(datagram.Source!, datagram.Address))
            {
                return t;
            }
        }

        return null;
    }

    /// <summary>The path of <paramref name="socket"/> is gone (an ICE-TCP connection closed): its tuple is removed.
    /// Losing the selected tuple selects the most recently checked remaining one; with none left ICE becomes
    /// "disconnected", as on consent loss (RFC 7675 §5.1).</summary>
    public void OnSocketClosed(IMediaSocket socket)
    {
        var lostSelected = false;
        for (var i = _tuples.Count - 1; i >= 0; i--)
        {
            var tuple = _tuples[i];
            if (tuple.Socket != socket)
            {
                continue;
            }

            _tuples.RemoveAt(i);
            _listener.OnIceTupleRemoved(tuple);
            lostSelected |= tuple == SelectedTuple;
        }

        if (lostSelected)
        {
            IceTuple? next = null;
            foreach (var t in _tuples)
            {
                if (next is null || t.LastRequestUs > next.LastRequestUs)
                {
                    next = t;
                }
            }

            SelectedTuple = next;
            _listener.OnIceSelectedTupleChanged(next);
        }

        if (_tuples.Count == 0 && State is IceState.Connected or IceState.Completed)
        {
            SetState(IceState.Disconnected);
        }
    }

    /// <summary>Consent check (RFC 7675 §5.1): returns true when consent expired (state becomes disconnected).</summary>
    public bool CheckConsent(long nowUs, TimeSpan timeout)
    {
        if (State is IceState.Connected or IceState.Completed && nowUs - LastConsentUs > (long)timeout.TotalMicroseconds)
        {
            SetState(IceState.Disconnected);
            return true;
        }

        return false;
    }

    public void Close()
    {
        foreach (var t in _tuples)
        {
            _listener.OnIceTupleRemoved(t);
        }

        _tuples.Clear();
        SelectedTuple = null;
        State = IceState.Closed;
    }

    private IceTuple FindOrAddTuple(IMediaSocket socket, SocketAddress remote, long nowUs)
    {
        foreach (var t in _tuples)
        {
            if (t.Matches(socket, remote))
            {
                return t;
            }
        }

        if (_tuples.Count == MaxTuples)
        {
            // Drop the least recently used tuple that is not selected.
            IceTuple? oldest = null;
            foreach (var t in _tuples)
            {
                if (t != SelectedTuple && (oldest is null || t.LastRequestUs < oldest.LastRequestUs))
                {
                    oldest = t;
                }
            }

            _tuples.Remove(oldest!);
            _listener.OnIceTupleRemoved(oldest!);
        }

        var tuple = new IceTuple(socket, _listener.OnIceTupleAdded(socket, remote)) { LastRequestUs = nowUs };
        _tuples.Add(tuple);
        return tuple;
    }

    private void SetState(IceState state)
    {
        if (State != state)
        {
            State = state;
            _listener.OnIceStateChanged(state);
        }
    }

    private void SendSuccess(Datagram datagram, in StunMessage request, byte[] key)
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunClass.SuccessResponse, request.TransactionId);
        var address = datagram.Address.Buffer.Span;
        var port = BinaryPrimitives.ReadUInt16BigEndian(address[2..]);

        // sockaddr_in: port at 2, IPv4 address at 4; sockaddr_in6: port at 2, address at 8 (network order).
        var ip = datagram.Address.Family == AddressFamily.InterNetworkV6 ? address.Slice(8, 16) : address.Slice(4, 4);
        writer.AddXorMappedAddress(ip, port);
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        datagram.Source!.Send(buffer[..writer.Length], datagram.Address);
    }

    /// <summary>Answers a request with an error response (RFC 8489 §6.3.4); unauthenticated, with FINGERPRINT.</summary>
    public static void Reject(MediaWorker worker, Datagram datagram, in StunMessage request, int code, string reason)
    {
        MediaLog.StunRejected(worker.Loggers.Ice, code, reason);
        worker.Counters.Dropped++;
        if (request.Class != StunClass.Request)
        {
            return;
        }

        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunMessageWriter(buffer, request.Method, StunClass.ErrorResponse, request.TransactionId);
        writer.AddErrorCode(code, reason);
        writer.AddFingerprint();
        datagram.Source!.Send(buffer[..writer.Length], datagram.Address);
    }

    private static bool EqualsAscii(ReadOnlySpan<byte> utf8, string value) => Ascii.Equals(utf8, value);

    /// <summary>32 random lowercase alphanumerics, as mediasoup generates ufrag and password (RFC 8445 §5.3: at least
    /// 24 bits / 128 bits of randomness).</summary>
    private static string RandomString(int length) =>
        RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", length);
}
