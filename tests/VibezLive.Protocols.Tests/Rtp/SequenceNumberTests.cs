using VibezLive.Protocols.Rtp;

namespace VibezLive.Protocols.Tests.Rtp;

public class SequenceNumberTests
{
    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(0, 1, false)]
    [InlineData(0, 65535, true)]      // wrapped forward
    [InlineData(65535, 0, false)]
    [InlineData(5, 5, false)]
    [InlineData(32767, 0, true)]
    [InlineData(32768, 0, true)]      // half-way: larger value wins
    [InlineData(0, 32768, false)]
    [InlineData(40000, 0, false)]     // more than half a cycle ahead means behind
    public void IsNewer(int a, int b, bool expected) => Assert.Equal(expected, SequenceNumber.IsNewer((ushort)a, (ushort)b));

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(65535, 0, 1)]
    [InlineData(0, 65535, -1)]
    [InlineData(100, 90, -10)]
    [InlineData(0, 32767, 32767)]
    [InlineData(0, 32768, -32768)]
    public void Distance(int from, int to, int expected) => Assert.Equal(expected, SequenceNumber.Distance((ushort)from, (ushort)to));

    [Fact]
    public void IsNewer_IsAntisymmetric()
    {
        var random = new Random(7);
        for (int i = 0; i < 10_000; i++)
        {
            ushort a = (ushort)random.Next(65536);
            ushort b = (ushort)random.Next(65536);
            if (a != b)
            {
                Assert.NotEqual(SequenceNumber.IsNewer(a, b), SequenceNumber.IsNewer(b, a));
            }
        }
    }

    [Fact]
    public void Unwrapper_CountsCyclesAndPlacesLatePacketsBelow()
    {
        var unwrapper = new SequenceNumberUnwrapper();
        Assert.Equal(65530, unwrapper.Unwrap(65530));
        Assert.Equal(65535, unwrapper.Unwrap(65535));
        Assert.Equal(65536, unwrapper.Unwrap(0));
        Assert.Equal(65534, unwrapper.Unwrap(65534)); // late, before the wrap
        Assert.Equal(65536 + 10, unwrapper.Unwrap(10));
        Assert.Equal(65536 + 10, unwrapper.Highest);
    }

    [Fact]
    public void Unwrapper_FollowsManyCyclesMonotonically()
    {
        var unwrapper = new SequenceNumberUnwrapper();
        long previous = unwrapper.Unwrap(1000);
        for (long extended = 1000 + 1000; extended < 5 * 65536; extended += 1000)
        {
            long value = unwrapper.Unwrap((ushort)extended);
            Assert.Equal(extended, value);
            Assert.True(value > previous);
            previous = value;
        }
    }

    [Fact]
    public void TimestampUnwrapper_CrossesTheWrap()
    {
        var unwrapper = new RtpTimestampUnwrapper();
        Assert.Equal(uint.MaxValue - 1000L, unwrapper.Unwrap(uint.MaxValue - 1000));
        Assert.Equal(uint.MaxValue + 1L + 2000, unwrapper.Unwrap(2000));
        Assert.Equal(uint.MaxValue - 500L, unwrapper.Unwrap(uint.MaxValue - 500)); // reordered
    }
}
