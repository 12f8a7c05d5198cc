namespace VibezLive.Protocols.Rtcp;

/// <summary>Packet status symbol of transport-wide CC feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1).</summary>
public enum TransportCcStatus : byte
{
    NotReceived = 0,

    /// <summary>Received; receive delta is one unsigned byte (0..63.75 ms in 250 µs ticks).</summary>
    ReceivedSmallDelta = 1,

    /// <summary>Received; receive delta is a signed 16-bit value in 250 µs ticks.</summary>
    ReceivedLargeDelta = 2,
}
