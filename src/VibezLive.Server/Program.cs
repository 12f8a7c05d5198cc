using VibezLive.Server;

// Exit codes: 0 = clean shutdown, 1 = invalid configuration or a failure at start.
return await ServerHost.RunAsync(args);
