using System.Diagnostics;

namespace KaPlatform.Testing;

/// <summary>Asynchronous outcomes (events, projections) are polled for, with a generous limit; never a fixed sleep.</summary>
public static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, TimeSpan? limit = null, string? what = null)
    {
        var clock = Stopwatch.StartNew();
        var deadline = limit ?? TimeSpan.FromSeconds(30);
        while (true)
        {
            var value = await probe();
            if (value is not null && value is not false)
            {
                return value;
            }

            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"{what ?? "condition"} not reached within {deadline.TotalSeconds} s");
            }

            await Task.Delay(25);
        }
    }

    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan? limit = null, string? what = null) =>
        GetAsync<object>(async () => await condition() ? true : null, limit, what);
}
