namespace VibezLive.HeapDiff;

/// <summary>One module's JIT-compiled methods (current code version) and their code size.</summary>
internal sealed class ModuleCode
{
    public long JitMethods { get; set; }

    public long CodeBytes { get; set; }
}
