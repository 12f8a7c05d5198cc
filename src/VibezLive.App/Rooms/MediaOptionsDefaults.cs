using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using VibezLive.Media;

namespace VibezLive.App.Rooms;

/// <summary>In Development, media listening on every interface with no announced address announces 127.0.0.1, so
/// that <c>dotnet run</c> works for a browser on the same machine. Elsewhere ANNOUNCED_IP stays required.</summary>
internal sealed class MediaOptionsDefaults(IHostEnvironment environment) : IPostConfigureOptions<MediaOptions>
{
    public void PostConfigure(string? name, MediaOptions options)
    {
        if (environment.IsDevelopment() && string.IsNullOrEmpty(options.AnnouncedIp) &&
            IPAddress.TryParse(options.ListenIp, out var listen) &&
            (listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any)))
        {
            options.AnnouncedIp = IPAddress.Loopback.ToString();
        }
    }
}
