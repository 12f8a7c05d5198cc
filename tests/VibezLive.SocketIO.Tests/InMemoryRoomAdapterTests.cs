namespace VibezLive.SocketIO.Tests;

public class InMemoryRoomAdapterTests
{
    private static List<string> Targets(InMemoryRoomAdapter adapter, string[] rooms, string[] except)
    {
        var result = new List<string>();
        adapter.CollectSocketIds(rooms, except, result);
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    [Fact]
    public void Rooms_membership_and_broadcast_targets()
    {
        var a = new InMemoryRoomAdapter();
        foreach (var id in new[] { "s1", "s2", "s3" }) a.Join(id, id);
        a.Join("s1", "r");
        a.Join("s2", "r");
        a.Join("s2", "q");
        a.Join("s3", "q");

        Assert.Equal(2, a.GetRoomSize("r"));
        Assert.Equal(["s1", "s2"], Targets(a, ["r"], []));
        Assert.Equal(["s1", "s2", "s3"], Targets(a, ["r", "q"], [])); // s2 once
        Assert.Equal(["s1"], Targets(a, ["r"], ["s2"]));
        Assert.Equal(["s1", "s3"], Targets(a, [], ["s2"]));
        Assert.Equal(["s3"], Targets(a, [], ["r"]));
        Assert.Equal(["q", "r", "s2"], a.GetRooms("s2").Order(StringComparer.Ordinal));

        a.Leave("s2", "r");
        Assert.Equal(1, a.GetRoomSize("r"));
        a.LeaveAll("s1");
        Assert.Equal(0, a.GetRoomSize("r"));
        Assert.Empty(a.GetRooms("s1"));
        Assert.Equal(["s2", "s3"], Targets(a, [], []));
    }

    [Fact]
    public void Empty_rooms_are_removed()
    {
        var a = new InMemoryRoomAdapter();
        a.Join("s", "r");
        a.Leave("s", "r");
        a.Leave("s", "r");
        a.LeaveAll("unknown");
        Assert.Equal(0, a.GetRoomSize("r"));
        Assert.Empty(Targets(a, ["r"], []));
    }
}
