using VibezLive.App.Auth;

namespace VibezLive.App.Tests.Auth;

public sealed class PasswordHasherTests
{
    // Made by Node: require('bcryptjs').hashSync(password, cost) — 2.4.3 writes $2a$, 3.0.3 writes $2b$.
    private const string BcryptJs243Hash = "$2a$10$8Ekz3FBIXfSQ.tkNsUc/iOi2vpfurEpCiJNn/dncmr0YdfsQ29z96";
    private const string BcryptJs303Hash = "$2b$10$S2RFi46Li09w9MycXILjTOoMjq.FY69OvHmnYkyaKE6uuYEE8iYKK";
    private const string BcryptJsUnicodeHash = "$2a$04$L82jgN.4GhkLCWIW3tOfyubctiVxKn6Y4yEWhLsBAK6dGOPyfb38C";

    [Theory]
    [InlineData(BcryptJs243Hash)]
    [InlineData(BcryptJs303Hash)]
    public void Hashes_made_by_node_bcryptjs_verify(string hash)
    {
        Assert.True(PasswordHasher.Verify("correct horse battery staple", hash));
        Assert.False(PasswordHasher.Verify("correct horse battery stapler", hash));
    }

    [Fact]
    public void Non_ascii_passwords_hashed_by_bcryptjs_verify()
    {
        Assert.True(PasswordHasher.Verify("pässwörd-ünïcode", BcryptJsUnicodeHash));
        Assert.False(PasswordHasher.Verify("passwort-unicode", BcryptJsUnicodeHash));
    }

    [Fact]
    public void New_hashes_verify_and_are_salted()
    {
        var a = PasswordHasher.Hash("s3cret!", 4);
        var b = PasswordHasher.Hash("s3cret!", 4);
        Assert.StartsWith("$2", a);
        Assert.NotEqual(a, b);
        Assert.True(PasswordHasher.Verify("s3cret!", a));
        Assert.False(PasswordHasher.Verify("s3cret?", a));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a hash")]
    [InlineData("$2b$10$short")]
    [InlineData("$9z$10$S2RFi46Li09w9MycXILjTOoMjq.FY69OvHmnYkyaKE6uuYEE8iYKK")]
    public void Malformed_hashes_do_not_verify_and_do_not_throw(string hash) =>
        Assert.False(PasswordHasher.Verify("anything", hash));
}
