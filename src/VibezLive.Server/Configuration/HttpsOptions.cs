namespace VibezLive.Server.Configuration;

/// <summary>HTTPS is on when <see cref="CertificateFile"/> is set: a PEM certificate with <see cref="KeyFile"/>, or a
/// PKCS#12 (.pfx/.p12) file with an optional <see cref="CertificatePassword"/>.</summary>
public sealed class HttpsOptions
{
    public string? CertificateFile { get; set; }

    public string? KeyFile { get; set; }

    public string? CertificatePassword { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificateFile);
}
