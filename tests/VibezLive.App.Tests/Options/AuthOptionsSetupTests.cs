using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using VibezLive.App.Options;

namespace VibezLive.App.Tests.Options;

public sealed class AuthOptionsSetupTests
{
    [Fact]
    public void Outside_development_a_missing_secret_fails_with_a_clear_message()
    {
        var setup = new AuthOptionsSetup(new Env("Production"));
        var options = new AuthOptions();
        setup.PostConfigure(null, options);
        var result = setup.Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains("JWT_SECRET", result.FailureMessage);
        Assert.Contains("Production", result.FailureMessage);
        Assert.False(options.AllowGuests);
    }

    [Fact]
    public void In_development_a_random_secret_is_used_and_guests_are_allowed()
    {
        var setup = new AuthOptionsSetup(new Env("Development"));
        var options = new AuthOptions();
        setup.PostConfigure(null, options);
        Assert.True(setup.Validate(null, options).Succeeded);
        Assert.True(options.AllowGuests);
        Assert.True(options.JwtSecret!.Length >= 32);
    }

    [Fact]
    public void Explicit_settings_win_over_the_environment_defaults()
    {
        var setup = new AuthOptionsSetup(new Env("Development"));
        var options = new AuthOptions { AllowGuests = false, JwtSecret = new string('k', 40) };
        setup.PostConfigure(null, options);
        Assert.False(options.AllowGuests);
        Assert.Equal(new string('k', 40), options.JwtSecret);
    }

    [Fact]
    public void A_short_secret_is_refused()
    {
        var setup = new AuthOptionsSetup(new Env("Production"));
        var result = setup.Validate(null, new AuthOptions { JwtSecret = "short" });
        Assert.True(result.Failed);
        Assert.Contains("at least 32 bytes", result.FailureMessage);
    }

    private sealed class Env(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = Path.GetTempPath();
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
