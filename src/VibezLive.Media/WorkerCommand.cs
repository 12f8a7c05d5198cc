namespace VibezLive.Media;

/// <summary>A control request executed on a worker thread (the in-process analogue of mediasoup's Channel request).</summary>
internal abstract class WorkerCommand
{
    public abstract void Execute();

    public abstract void Cancel();
}

/// <summary>A request whose result completes a task the caller awaits (continuations run off the worker thread).</summary>
internal sealed class WorkerCommand<T>(Func<T> body) : WorkerCommand
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<T> Task => _completion.Task;

    public override void Execute()
    {
        try
        {
            _completion.TrySetResult(body());
        }
#pragma warning disable CA1031 // the exception is handed to the awaiting caller
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _completion.TrySetException(ex);
        }
    }

    public override void Cancel() => _completion.TrySetException(new InvalidOperationException("the media worker is closed"));
}

/// <summary>Fire-and-forget work posted to the worker (e.g. a DTLS handshake result).</summary>
internal sealed class WorkerAction(Action body) : WorkerCommand
{
    public override void Execute() => body();

    public override void Cancel()
    {
    }
}
