using Microsoft.AspNetCore.Http;
using VibezLive.App.Signaling;

namespace VibezLive.App.Http;

/// <summary>REST error replies share the Socket.IO error shape: <c>{ error: { code, message } }</c>.</summary>
internal static class ApiResults
{
    public static IResult Error(int status, string code, string message) =>
        Results.Json(ErrorReply.Of(code, message), HttpJsonContext.Default.ErrorReply, statusCode: status);

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, message);
}
