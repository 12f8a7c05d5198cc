using Microsoft.Extensions.Logging.Abstractions;
using VibezLive.App.Rooms;

namespace VibezLive.App.Tests.Rooms;

public sealed class SerialExecutorTests
{
    [Fact]
    public async Task Work_runs_one_at_a_time_in_order()
    {
        var executor = new SerialExecutor(NullLogger.Instance);
        var running = 0;
        var maxRunning = 0;
        var order = new List<int>();
        var tasks = Enumerable.Range(0, 50).Select(i => executor.InvokeAsync(async () =>
        {
            maxRunning = Math.Max(maxRunning, Interlocked.Increment(ref running));
            await Task.Yield();
            order.Add(i);
            Interlocked.Decrement(ref running);
            return i;
        })).ToArray();
        Assert.Equal(Enumerable.Range(0, 50), await Task.WhenAll(tasks));
        Assert.Equal(1, maxRunning);
        Assert.Equal(Enumerable.Range(0, 50), order);
    }

    [Fact]
    public async Task A_failing_item_fails_its_caller_only_and_posted_failures_do_not_stop_the_context()
    {
        var executor = new SerialExecutor(NullLogger.Instance);
        executor.Post(() => throw new InvalidOperationException("posted"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => executor.InvokeAsync<int>(() => throw new InvalidOperationException("invoked")));
        Assert.Equal(7, await executor.InvokeAsync(() => Task.FromResult(7)));
    }

    [Fact]
    public async Task After_completion_new_work_is_refused_and_queued_work_still_runs()
    {
        var executor = new SerialExecutor(NullLogger.Instance);
        var queued = executor.InvokeAsync(async () =>
        {
            await Task.Delay(10);
            return 1;
        });
        executor.Complete();
        Assert.Equal(1, await queued);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => executor.InvokeAsync(() => Task.FromResult(2)));
        await executor.Completion.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
