// Each test does what one profcheck case of bench/cases/jit.xml does: start
// the Basic fixture under the reference profiler, feed it the scenario, and
// check its answers and exit code.  PROFCHECK_BENCH_DLL, _PROFILER and _N
// come from bench/bench.c.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Xunit;

public class ScenarioTests
{
    public static IEnumerable<object[]> Runs() =>
        Enumerable.Range(1, int.Parse(Environment.GetEnvironmentVariable("PROFCHECK_BENCH_N") ?? "10"))
            .Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Runs))]
    public void ScenarioUnderProfiler(int run)
    {
        var start = new ProcessStartInfo("dotnet", Environment.GetEnvironmentVariable("PROFCHECK_BENCH_DLL")!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["CORECLR_ENABLE_PROFILING"] = "1";
        start.Environment["CORECLR_PROFILER"] = "{D44BE2FE-5787-48B9-ADD7-ED2497A9A74A}";
        start.Environment["CORECLR_PROFILER_PATH"] = Environment.GetEnvironmentVariable("PROFCHECK_BENCH_PROFILER")!;
        using Process app = Process.Start(start)!;
        app.StandardInput.Write("call Jit.Compute\ncall Jit.CallsTwice\nthrow\nexit\n");
        app.StandardInput.Close();
        string output = app.StandardOutput.ReadToEnd();
        app.WaitForExit();
        Assert.True(run > 0);
        Assert.Contains("Jit.Compute=42", output);
        Assert.Contains("caught", output);
        Assert.Equal(0, app.ExitCode);
    }
}
