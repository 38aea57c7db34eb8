using Microsoft.AspNetCore.Mvc;

namespace ${{ values.projectName }}.V1.Controllers;

[ApiController]
[Route("api/v1/healthcheck")]
public class HealthCheckController : ControllerBase
{
    [HttpGet("ping")]
    public IActionResult Ping() => Ok(new { success = true });
}
