using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;

namespace VibezLive.HeapDiff;

/// <summary>
/// Induces a full blocking GC in another .NET process: enabling the runtime provider with the GCHeapCollect keyword
/// over EventPipe makes the runtime collect (this is how heap-snapshot tools get a post-GC heap).
/// </summary>
internal static class GcTrigger
{
    private const string RuntimeProvider = "Microsoft-Windows-DotNETRuntime";
    private const long GcKeyword = 0x1;
    private const long GcHeapCollectKeyword = 0x800000;

    public static void Collect(DiagnosticsClient client)
    {
        var provider = new EventPipeProvider(RuntimeProvider, EventLevel.Informational, GcKeyword | GcHeapCollectKeyword);
        using EventPipeSession session = client.StartEventPipeSession(provider, requestRundown: false, circularBufferMB: 16);

        // The stream must be drained or the runtime's buffer fills; the events themselves are not needed.
        Task drain = Task.Run(() => session.EventStream.CopyTo(Stream.Null));
        Thread.Sleep(TimeSpan.FromSeconds(2));
        session.Stop();
        drain.Wait(TimeSpan.FromSeconds(10));
    }
}
