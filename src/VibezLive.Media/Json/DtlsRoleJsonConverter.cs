using System.Text.Json;
using System.Text.Json.Serialization;
using VibezLive.Media.Dtls;

namespace VibezLive.Media.Json;

/// <summary>Reads and writes <see cref="DtlsRole"/> as mediasoup's lowercase strings ("auto" | "client" | "server").</summary>
public sealed class DtlsRoleJsonConverter : JsonConverter<DtlsRole>
{
    public override DtlsRole Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("dtlsParameters.role must be a string");
        }

        if (reader.ValueTextEquals("auto"u8))
        {
            return DtlsRole.Auto;
        }

        if (reader.ValueTextEquals("client"u8))
        {
            return DtlsRole.Client;
        }

        if (reader.ValueTextEquals("server"u8))
        {
            return DtlsRole.Server;
        }

        throw new JsonException("invalid dtlsParameters.role");
    }

    public override void Write(Utf8JsonWriter writer, DtlsRole value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value switch
        {
            DtlsRole.Client => "client",
            DtlsRole.Server => "server",
            _ => "auto",
        });
    }
}
