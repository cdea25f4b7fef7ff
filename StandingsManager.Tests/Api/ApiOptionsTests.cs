using StandingsManager.Core.Api;

namespace StandingsManager.Tests.Api;

public sealed class ApiOptionsTests
{
    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(100_000, true)]
    [InlineData(100_001, false)]
    public void The_rate_limit_must_be_between_1_and_100000(int requestsPerMinute, bool valid)
    {
        var result = new ApiOptionsValidator().Validate(null, new ApiOptions { RequestsPerMinute = requestsPerMinute });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
            Assert.Equal($"Api:RequestsPerMinute must be between 1 and 100000 (requests per key per minute); it is {requestsPerMinute}.", result.FailureMessage);
    }
}
