using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace VibezLive.App.Rooms;

/// <summary>
/// Runs work items one at a time, in order, on the thread pool: a room's own context. Signaling handlers of different
/// sockets and engine events (raised on media worker threads) meet here, so room state needs no locks and a media
/// worker never waits: it only posts.
/// </summary>
public sealed partial class SerialExecutor
{
    private readonly Channel<Func<Task>> _queue = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;
    private readonly Task _loop;

    public SerialExecutor(ILogger logger)
    {
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Completes when the executor has stopped (after <see cref="Complete"/>).</summary>
    public Task Completion => _loop;

    /// <summary>Runs <paramref name="work"/> in the context and returns its result (or exception).</summary>
    public Task<T> InvokeAsync<T>(Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = _queue.Writer.TryWrite(async () =>
        {
            try
            {
                done.TrySetResult(await work());
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        if (!queued)
        {
            done.TrySetException(new ObjectDisposedException(nameof(SerialExecutor), "The room is closed."));
        }

        return done.Task;
    }

    public Task InvokeAsync(Func<Task> work) => InvokeAsync(async () =>
    {
        await work();
        return true;
    });

    /// <summary>Queues <paramref name="work"/> without waiting (safe from a media worker thread); failures are logged.</summary>
    public void Post(Func<Task> work) => _queue.Writer.TryWrite(work);

    /// <summary>No more work is accepted; queued work still runs.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private async Task RunAsync()
    {
        await foreach (var work in _queue.Reader.ReadAllAsync())
        {
            try
            {
                await work();
            }
#pragma warning disable CA1031 // One failing item must not stop the room's context; it is logged.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogWorkFailed(_logger, e);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Error, "A room task failed")]
    private static partial void LogWorkFailed(ILogger logger, Exception exception);
}
