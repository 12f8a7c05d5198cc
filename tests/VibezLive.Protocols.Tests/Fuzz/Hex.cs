using System.Text;

namespace VibezLive.Protocols.Tests.Fuzz;

/// <summary>Hex dumps as written in RFCs (whitespace, newlines and '}' comments allowed) to bytes.</summary>
internal static class Hex
{
    public static byte[] Parse(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (string line in text.Split('\n'))
        {
            string content = line;
            int comment = content.IndexOfAny(['}', '#']);
            if (comment >= 0)
            {
                content = content[..comment];
            }

            foreach (char c in content)
            {
                if (Uri.IsHexDigit(c))
                {
                    sb.Append(c);
                }
            }
        }

        return Convert.FromHexString(sb.ToString());
    }
}
