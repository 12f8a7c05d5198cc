namespace VibezLive.Protocols.Tests.Fuzz;

/// <summary>
/// Deterministic structure-unaware mutations (bit flips, interesting values, length-field games, truncation,
/// growth, splicing): a small in-process stand-in for a coverage-guided fuzzer that runs in every test run.
/// </summary>
internal sealed class Mutator(int seed, IReadOnlyList<byte[]> seeds)
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x03, 0x0F, 0x10, 0x1F, 0x20, 0x7F, 0x80, 0x81, 0xBE, 0xC0, 0xDE, 0xFE, 0xFF];
    private static readonly ushort[] InterestingWords = [0x0000, 0x0001, 0x0004, 0x0008, 0x00FF, 0x0100, 0x1000, 0x7FFF, 0x8000, 0xBEDE, 0xFFFF];

    private readonly Random _random = new(seed);

    public byte[] Next()
    {
        // One input in sixteen is pure noise; the rest are mutated seeds.
        if (_random.Next(16) == 0)
        {
            byte[] noise = new byte[_random.Next(0, 300)];
            _random.NextBytes(noise);
            return noise;
        }

        var data = new List<byte>(seeds[_random.Next(seeds.Count)]);
        int mutations = 1 + _random.Next(4);
        for (int m = 0; m < mutations; m++)
        {
            Mutate(data);
        }

        return [.. data];
    }

    private void Mutate(List<byte> data)
    {
        int position = data.Count == 0 ? 0 : _random.Next(data.Count);
        switch (_random.Next(8))
        {
            case 0 when data.Count > 0:
                data[position] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when data.Count > 0:
                data[position] = InterestingBytes[_random.Next(InterestingBytes.Length)];
                break;
            case 2 when data.Count > 1:
                ushort word = InterestingWords[_random.Next(InterestingWords.Length)];
                position = Math.Min(position, data.Count - 2);
                data[position] = (byte)(word >> 8);
                data[position + 1] = (byte)word;
                break;
            case 3:
                data.RemoveRange(position, data.Count - position); // truncate
                break;
            case 4:
                byte[] grow = new byte[1 + _random.Next(64)];
                _random.NextBytes(grow);
                data.InsertRange(position, grow);

                break;
            case 5 when data.Count > 0:
                data.RemoveAt(position);
                break;
            case 6:
                byte[] other = seeds[_random.Next(seeds.Count)];
                int from = other.Length == 0 ? 0 : _random.Next(other.Length);
                data.RemoveRange(position, data.Count - position);
                data.AddRange(other.AsSpan(from).ToArray()); // splice
                break;
            default:
                if (data.Count > 0)
                {
                    data[position] = (byte)_random.Next(256);
                }

                break;
        }
    }
}
