namespace VibezLive.App.Signaling.Handlers;

/// <summary>A group of client events of one domain.</summary>
public interface ISignalingHandlers
{
    void Register(SignalingDispatcher dispatcher);
}
