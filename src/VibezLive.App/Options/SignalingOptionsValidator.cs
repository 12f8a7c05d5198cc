using Microsoft.Extensions.Options;

namespace VibezLive.App.Options;

[OptionsValidator]
internal sealed partial class SignalingOptionsValidator : IValidateOptions<SignalingOptions>;
