using System.Text;
using Portal.Engine.Logs;

namespace Portal.Web.Logs;

/// <summary>Log lines as plain text, the way <c>docker logs [-t]</c> prints them.</summary>
public static class LogText
{
    public static void Append(StringBuilder text, LogLine line, bool timestamps)
    {
        if (timestamps && line.Timestamp is { } t)
        {
            text.Append(LogTimestamps.Format(t)).Append(' ');
        }

        text.Append(line.Text).Append('\n');
    }
}
