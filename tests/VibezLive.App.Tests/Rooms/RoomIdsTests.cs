using VibezLive.App.Rooms;

namespace VibezLive.App.Tests.Rooms;

public sealed class RoomIdsTests
{
    [Theory]
    [InlineData("a", true)]
    [InlineData("team-standup_2.0", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("has space", false)]
    [InlineData("slash/es", false)]
    [InlineData("ünïcode", false)]
    public void Room_ids_are_url_and_log_safe(string? id, bool valid) => Assert.Equal(valid, RoomIds.IsValid(id));

    [Fact]
    public void Room_ids_are_at_most_64_characters()
    {
        Assert.True(RoomIds.IsValid(new string('a', 64)));
        Assert.False(RoomIds.IsValid(new string('a', 65)));
    }
}
