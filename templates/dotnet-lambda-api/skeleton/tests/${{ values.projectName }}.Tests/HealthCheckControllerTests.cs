using ${{ values.projectName }}.V1.Controllers;
using Xunit;

namespace ${{ values.projectName }}.Tests;

public class HealthCheckControllerTests
{
    [Fact]
    public void PingAnswers() => Assert.NotNull(new HealthCheckController().Ping());
}
