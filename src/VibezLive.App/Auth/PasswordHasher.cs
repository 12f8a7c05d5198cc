namespace VibezLive.App.Auth;

/// <summary>bcrypt password hashing. Verifies <c>$2a$</c>, <c>$2b$</c> and <c>$2y$</c> hashes, i.e. those made by Node's
/// <c>bcrypt</c> and <c>bcryptjs</c> in the original backend.</summary>
public static class PasswordHasher
{
    public static string Hash(string password, int workFactor)
    {
        ArgumentNullException.ThrowIfNull(password);
        return BCrypt.Net.BCrypt.HashPassword(password, workFactor);
    }

    /// <summary>False (never an exception) for a wrong password or a malformed hash.</summary>
    public static bool Verify(string password, string hash)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (string.IsNullOrEmpty(hash))
        {
            return false;
        }

        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
