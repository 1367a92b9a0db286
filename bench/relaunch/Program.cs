// One test the way the runtime's profiler tests run it: this runner starts,
// relaunches the app (the Basic fixture) under the profiler, feeds it the
// scenario and checks the answers; exit code 100 on success, as those tests
// use.  Arguments: the fixture's dll and the profiler library.
using System;
using System.Diagnostics;

public static class Program
{
    public static int Main(string[] args)
    {
        var start = new ProcessStartInfo("dotnet", args[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["CORECLR_ENABLE_PROFILING"] = "1";
        start.Environment["CORECLR_PROFILER"] = "{D44BE2FE-5787-48B9-ADD7-ED2497A9A74A}";
        start.Environment["CORECLR_PROFILER_PATH"] = args[1];
        using Process app = Process.Start(start)!;
        app.StandardInput.Write("call Jit.Compute\ncall Jit.CallsTwice\nthrow\nexit\n");
        app.StandardInput.Close();
        string output = app.StandardOutput.ReadToEnd();
        app.WaitForExit();
        bool ok = app.ExitCode == 0 && output.Contains("Jit.Compute=42") && output.Contains("caught");
        Console.WriteLine(ok ? "PROFILER TEST PASSES" : "PROFILER TEST FAILS");
        return ok ? 100 : 1;
    }
}
