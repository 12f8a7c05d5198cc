using Microsoft.Diagnostics.Runtime;

namespace VibezLive.HeapDiff;

/// <summary>
/// Methods that currently run JIT-compiled code, per module, with the size of that code. Only each method's
/// current version is seen: code of earlier tiers stays allocated in the code heap but is not counted here.
/// Generic instantiations over other modules' types are not enumerated either; this answers "whose code is it".
/// </summary>
internal static class JitCodeCensus
{
    public static Dictionary<string, ModuleCode> Take(ClrRuntime runtime)
    {
        var result = new Dictionary<string, ModuleCode>(StringComparer.Ordinal);
        foreach (ClrModule module in runtime.EnumerateModules())
        {
            string name = Path.GetFileNameWithoutExtension(module.Name ?? "<dynamic>");
            var stats = new ModuleCode();
            foreach ((ulong methodTable, _) in module.EnumerateTypeDefToMethodTableMap())
            {
                if (runtime.GetTypeByMethodTable(methodTable) is not { } type)
                {
                    continue;
                }

                foreach (ClrMethod method in type.Methods)
                {
                    if (method.CompilationType == MethodCompilationType.Jit && method.NativeCode != 0)
                    {
                        stats.JitMethods++;
                        stats.CodeBytes += method.HotColdInfo.HotSize + method.HotColdInfo.ColdSize;
                    }
                }
            }

            if (stats.JitMethods > 0)
            {
                ModuleCode total = result.GetValueOrDefault(name) ?? new ModuleCode();
                total.JitMethods += stats.JitMethods;
                total.CodeBytes += stats.CodeBytes;
                result[name] = total;
            }
        }

        return result;
    }
}
