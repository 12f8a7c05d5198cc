using System.Diagnostics.CodeAnalysis;

namespace VibezLive.Protocols.Stun;

/// <summary>Keeps throw sites out of hot methods so that they stay small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowArgument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    public static void ThrowBufferTooSmall(string paramName) =>
        throw new ArgumentException("The destination buffer is too small.", paramName);
}
