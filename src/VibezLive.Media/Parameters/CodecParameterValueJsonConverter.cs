using System.Text.Json;
using System.Text.Json.Serialization;

namespace VibezLive.Media.Parameters;

/// <summary>
/// Reads a JSON number or string into <see cref="CodecParameterValue"/> and writes it back with its type preserved
/// (integral numbers without a fraction, as JavaScript prints them). Anything else is rejected, as mediasoup does
/// ("invalid codec parameter").
/// </summary>
public sealed class CodecParameterValueJsonConverter : JsonConverter<CodecParameterValue>
{
    // 2^53: beyond it a JavaScript number is no longer an exact integer.
    private const double MaxSafeInteger = 9007199254740992d;

    public override CodecParameterValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => CodecParameterValue.FromString(reader.GetString()!),
            JsonTokenType.Number when reader.TryGetDouble(out var number) && double.IsFinite(number) => CodecParameterValue.FromNumber(number),
            _ => throw new JsonException("invalid codec parameter (values must be strings or numbers)"),
        };

    public override void Write(Utf8JsonWriter writer, CodecParameterValue value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.StringValue is { } text)
        {
            writer.WriteStringValue(text);
            return;
        }

        var number = value.NumberValue!.Value;
        if (number == Math.Floor(number) && Math.Abs(number) <= MaxSafeInteger)
        {
            writer.WriteNumberValue((long)number);
        }
        else
        {
            writer.WriteNumberValue(number);
        }
    }
}
