namespace VibezLive.LoadTest.SocketIO;

/// <summary>The server refused the Socket.IO CONNECT (CONNECT_ERROR); <see cref="Exception.Message"/> is its payload.</summary>
internal sealed class SioConnectException : Exception
{
    public SioConnectException(string payload)
        : base("Socket.IO CONNECT refused: " + payload)
    {
    }
}
