namespace VibezLive.HeapDiff;

/// <summary>Live instances of one type: how many and their shallow size.</summary>
internal sealed class TypeStat
{
    public string Name { get; set; } = "";

    public long Count { get; set; }

    public long Bytes { get; set; }
}
