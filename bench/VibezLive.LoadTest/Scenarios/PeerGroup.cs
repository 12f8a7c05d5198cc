using System.Collections.Concurrent;
using VibezLive.LoadTest.Signaling;
using VibezLive.LoadTest.SocketIO;

namespace VibezLive.LoadTest.Scenarios;

/// <summary>The peers of a run: joins them at the paced rate with bounded concurrency, and makes them all leave.</summary>
internal sealed class PeerGroup : IDisposable
{
    private const int MaxJoinsInFlight = 32;

    private readonly LoadContext _ctx;
    private readonly ConcurrentDictionary<LoadPeer, byte> _peers = new();
    private readonly SemaphoreSlim _inFlight = new(MaxJoinsInFlight, MaxJoinsInFlight);

    public PeerGroup(LoadContext context) => _ctx = context;

    public int Count => _peers.Count;

    public int Consumers => _peers.Keys.Sum(p => p.Consumers);

    /// <summary>Joins one peer (paced); false when it failed (recorded) or the run is over.</summary>
    public async Task<bool> JoinAsync(LoadPeer peer, CancellationToken ct)
    {
        if (_peers.Count >= _ctx.Options.MaxPeers)
        {
            return false;
        }

        try
        {
            await _ctx.Pacer.WaitAsync(ct);
            await _inFlight.WaitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        _peers[peer] = 0;
        try
        {
            await peer.JoinAsync(ct);
            return true;
        }
        catch (Exception ex) when (ex is SignalingException or SioConnectException or TimeoutException or IOException
            or InvalidOperationException or OperationCanceledException or System.Net.WebSockets.WebSocketException
            or System.Net.Sockets.SocketException or KeyNotFoundException or System.Text.Json.JsonException
            or VibezLive.Media.Dtls.DtlsHandshakeException or FormatException)
        {
            if (!ct.IsCancellationRequested)
            {
                _ctx.Stats.RecordJoinFailure("join: " + ex.GetType().Name + ": " + ex.Message);
            }

            await RemoveAsync(peer);
            return false;
        }
        finally
        {
            _inFlight.Release();
        }
    }

    /// <summary>Joins many at once (paced); returns how many succeeded.</summary>
    public async Task<int> JoinAllAsync(IEnumerable<LoadPeer> peers, CancellationToken ct)
    {
        bool[] results = await Task.WhenAll(peers.Select(p => JoinAsync(p, ct)));
        return results.Count(r => r);
    }

    /// <summary>Makes the peer leave (<paramref name="abrupt"/>: drop its connection instead, see <see cref="LoadPeer.LeaveAsync"/>).</summary>
    public async Task RemoveAsync(LoadPeer peer, bool abrupt = false)
    {
        if (_peers.TryRemove(peer, out _))
        {
            try
            {
                await peer.LeaveAsync(abrupt);
                await peer.DisposeAsync();
            }
            catch (Exception ex) when (ex is IOException or System.Net.WebSockets.WebSocketException or ObjectDisposedException
                or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
            {
                // Leaving is best effort (the server cleans up on disconnect); never let it end the run.
                _ctx.Stats.RecordError("leave: " + ex.GetType().Name + ": " + ex.Message);
            }
        }
    }

    public async Task LeaveAllAsync()
    {
        var all = _peers.Keys.ToArray();
        using var parallel = new SemaphoreSlim(32, 32);
        await Task.WhenAll(all.Select(async p =>
        {
            await parallel.WaitAsync();
            try
            {
                await RemoveAsync(p);
            }
            finally
            {
                parallel.Release();
            }
        }));
    }

    public void Dispose() => _inFlight.Dispose();
}
