using Microsoft.Extensions.Logging.Abstractions;
using VibezLive.Media.Dtls;

namespace VibezLive.Media.Tests.Dtls;

/// <summary>Our DTLS client and server wired back to back in memory.</summary>
internal sealed class DtlsPair : IDisposable
{
    private static readonly Lazy<DtlsCertificate> s_serverCertificate = new(DtlsCertificate.Generate);
    private static readonly Lazy<DtlsCertificate> s_clientCertificate = new(DtlsCertificate.Generate);

    public DtlsPair(TimeSpan? timeout = null, IReadOnlyList<DtlsFingerprint>? serverExpects = null, IReadOnlyList<DtlsFingerprint>? clientExpects = null,
        Func<ReadOnlyMemory<byte>, bool>? clientToServerFilter = null)
    {
        TimeSpan t = timeout ?? TimeSpan.FromSeconds(10);
        Server = new DtlsTransport(ServerCertificate, DtlsRole.Server, serverExpects ?? ClientCertificate.Fingerprints,
            d => Client!.OnDatagramReceived(d.Span), NullLogger.Instance, t);
        Client = new DtlsTransport(ClientCertificate, DtlsRole.Client, clientExpects ?? ServerCertificate.Fingerprints,
            d =>
            {
                if (clientToServerFilter is null || clientToServerFilter(d))
                {
                    Server.OnDatagramReceived(d.Span);
                }
            },
            NullLogger.Instance, t);
    }

    public static DtlsCertificate ServerCertificate => s_serverCertificate.Value;

    public static DtlsCertificate ClientCertificate => s_clientCertificate.Value;

    public DtlsTransport Server { get; }

    public DtlsTransport Client { get; }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
