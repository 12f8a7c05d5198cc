using System.Globalization;
using System.Text.Json.Serialization;

namespace VibezLive.Media.Parameters;

/// <summary>
/// One value of a codec's <c>parameters</c> (SDP fmtp, RFC 4566 §6): a JSON number or a JSON string, never conflated.
/// mediasoup-client compares these values with <c>===</c>, so <c>"packetization-mode": 1</c> and
/// <c>"packetization-mode": "1"</c> are different values on the wire; <c>profile-level-id</c> is a string.
/// </summary>
[JsonConverter(typeof(CodecParameterValueJsonConverter))]
public readonly struct CodecParameterValue : IEquatable<CodecParameterValue>
{
    private readonly string? _string;
    private readonly double _number;

    private CodecParameterValue(string? text, double number)
    {
        _string = text;
        _number = number;
    }

    /// <summary>True when the value is a JSON string.</summary>
    public bool IsString => _string is not null;

    /// <summary>True when the value is a JSON number (the default value is the number 0).</summary>
    public bool IsNumber => _string is null;

    public static CodecParameterValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new CodecParameterValue(value, 0);
    }

    public static CodecParameterValue FromNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "codec parameter numbers must be finite");
        }

        return new CodecParameterValue(null, value);
    }

    public static implicit operator CodecParameterValue(string value) => FromString(value);

    public static implicit operator CodecParameterValue(int value) => new(null, value);

    public static implicit operator CodecParameterValue(long value) => new(null, value);

    public static implicit operator CodecParameterValue(double value) => FromNumber(value);

    /// <summary>The string value, or null when the value is a number.</summary>
    public string? StringValue => _string;

    /// <summary>The numeric value, or null when the value is a string.</summary>
    public double? NumberValue => _string is null ? _number : null;

    /// <summary>The value as an integer when it is an integral JSON number.</summary>
    public bool TryGetInt64(out long value)
    {
        if (_string is null && _number == Math.Floor(_number) && _number >= long.MinValue && _number <= long.MaxValue)
        {
            value = (long)_number;
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>
    /// The value as an integer, reading a decimal string too. Used only for negotiation (e.g. comparing
    /// <c>packetization-mode</c>), never to rewrite what a peer sent.
    /// </summary>
    public bool TryGetInt64Lenient(out long value) =>
        TryGetInt64(out value) ||
        (_string is not null && long.TryParse(_string, NumberStyles.Integer, CultureInfo.InvariantCulture, out value));

    public bool Equals(CodecParameterValue other) =>
        _string is null ? other._string is null && _number.Equals(other._number) : string.Equals(_string, other._string, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is CodecParameterValue other && Equals(other);

    public override int GetHashCode() => _string is null ? _number.GetHashCode() : StringComparer.Ordinal.GetHashCode(_string);

    /// <summary>The value as JavaScript would print it in a template string (numbers invariant, shortest form).</summary>
    public override string ToString() => _string ?? _number.ToString("R", CultureInfo.InvariantCulture);

    public static bool operator ==(CodecParameterValue left, CodecParameterValue right) => left.Equals(right);

    public static bool operator !=(CodecParameterValue left, CodecParameterValue right) => !left.Equals(right);
}
