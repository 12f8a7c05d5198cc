using Microsoft.Diagnostics.Runtime;

namespace VibezLive.HeapDiff;

/// <summary>
/// Objects reachable from the GC roots (stacks, handles, statics, finalizer queue), found breadth-first so that
/// the remembered parent of each object lies on a shortest path from a root.
/// </summary>
internal sealed class LiveSet
{
    private readonly HashSet<ulong> _marked = [];
    private readonly Dictionary<ulong, ulong>? _parents;
    private readonly Dictionary<ulong, ClrRootKind> _roots = [];

    private LiveSet(bool trackParents) => _parents = trackParents ? [] : null;

    public static LiveSet Mark(ClrHeap heap, bool trackParents)
    {
        var set = new LiveSet(trackParents);
        var queue = new Queue<ulong>();
        foreach (ClrRoot root in heap.EnumerateRoots())
        {
            ulong address = root.Object.Address;
            if (address != 0 && set._marked.Add(address))
            {
                set._roots[address] = root.RootKind;
                queue.Enqueue(address);
            }
        }

        while (queue.TryDequeue(out ulong address))
        {
            ClrObject obj = heap.GetObject(address);
            if (!obj.IsValid)
            {
                continue;
            }

            foreach (ulong child in obj.EnumerateReferenceAddresses(carefully: false, considerDependantHandles: true))
            {
                if (child != 0 && set._marked.Add(child))
                {
                    set._parents?.Add(child, address);
                    queue.Enqueue(child);
                }
            }
        }

        return set;
    }

    public bool Contains(ulong address) => _marked.Contains(address);

    /// <summary>Prints, for a few live objects that <paramref name="match"/> selects, the chain that keeps them alive; returns how many matched.</summary>
    public int WritePaths(ClrHeap heap, string what, Func<ClrObject, bool> match, int maxPaths, TextWriter log)
    {
        int written = 0;
        int matched = 0;
        var seenChains = new HashSet<string>(StringComparer.Ordinal);
        foreach (ClrObject obj in heap.EnumerateObjects())
        {
            if (!obj.IsValid || obj.IsFree || obj.Type?.Name is not { } name || !_marked.Contains(obj.Address) || !match(obj))
            {
                continue;
            }

            matched++;
            if (written >= maxPaths || _parents is null)
            {
                continue;
            }

            var chain = new List<string>();
            ulong current = obj.Address;
            for (int depth = 0; depth < 64; depth++)
            {
                chain.Add(heap.GetObjectType(current)?.Name ?? "<unknown>");
                if (_roots.TryGetValue(current, out ClrRootKind kind))
                {
                    chain.Add("root: " + kind);
                    break;
                }

                if (!_parents.TryGetValue(current, out current))
                {
                    break;
                }
            }

            chain.Reverse();
            string text = string.Join("\n    -> ", chain);
            if (seenChains.Add(text))
            {
                log.WriteLine($"path to {name} @{obj.Address:x}{(obj.Type.IsString ? " \"" + obj.AsString(80) + "\"" : "")}:\n    {text}");
                written++;
            }
        }

        log.WriteLine($"{matched} live objects: {what}");
        return matched;
    }
}
