using System.Runtime.InteropServices;

namespace VibezLive.Media.Net;

/// <summary>
/// The few Linux socket calls .NET's <see cref="System.Net.Sockets.Socket"/> does not offer: batched
/// <c>sendmmsg(2)</c>/<c>recvmmsg(2)</c> and <c>poll(2)</c>, with their structures in the 64-bit layout (natural
/// alignment gives the kernel's padding).
/// </summary>
internal static unsafe partial class LinuxSocketCalls
{
    public const int EINTR = 4;
    public const int EAGAIN = 11;

    /// <summary>MSG_DONTWAIT: never block in this call.</summary>
    public const int MessageDontWait = 0x40;

    /// <summary>MSG_TRUNC in <see cref="Message.Flags"/>: the datagram was longer than the buffer.</summary>
    public const int MessageTruncated = 0x20;

    public const short PollIn = 1;

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMultiple(int fd, MessageHeader* headers, uint count, int flags);

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int ReceiveMultiple(int fd, MessageHeader* headers, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollDescriptor* descriptors, nuint count, int timeoutMs);

    /// <summary><c>struct iovec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary><c>struct msghdr</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Message
    {
        public byte* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary><c>struct mmsghdr</c>: the message and the byte count the kernel sent or received.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public Message Message;
        public uint Length;
    }

    /// <summary><c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollDescriptor
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }
}
