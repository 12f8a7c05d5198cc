using VibezLive.Media.Net;

namespace VibezLive.Media;

/// <summary>What a worker's queue carries: a received datagram (hot path, no allocation) or a control command.</summary>
internal readonly struct WorkItem
{
    public WorkItem(Datagram datagram)
    {
        Datagram = datagram;
        Command = null;
    }

    public WorkItem(WorkerCommand command)
    {
        Datagram = null;
        Command = command;
    }

    public Datagram? Datagram { get; }

    public WorkerCommand? Command { get; }
}
